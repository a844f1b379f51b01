package io.github.gchatappender.logback;

import io.github.gchatappender.testkit.AppenderContract;
import io.github.gchatappender.testkit.AppenderHarness;

/** The appender contract, through logback.xml files. */
class LogbackContractTest extends AppenderContract {

    @Override
    protected AppenderHarness newHarness() {
        return new LogbackHarness();
    }
}
