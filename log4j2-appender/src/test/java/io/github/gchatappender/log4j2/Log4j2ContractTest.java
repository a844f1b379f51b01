package io.github.gchatappender.log4j2;

import io.github.gchatappender.testkit.AppenderContract;
import io.github.gchatappender.testkit.AppenderHarness;

/** The appender contract, through log4j2.xml files. */
class Log4j2ContractTest extends AppenderContract {

    @Override
    protected AppenderHarness newHarness() {
        return new Log4j2Harness();
    }
}
