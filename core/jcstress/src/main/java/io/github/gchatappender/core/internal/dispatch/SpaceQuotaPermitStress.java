package io.github.gchatappender.core.internal.dispatch;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Two senders of one space take a permit at the same instant, each with the one atomic "take a
 * permit, or say when": one passes and the other is told to wait, never both. r1, r2: whether each
 * got the permit.
 */
@JCStressTest
@Outcome(
        id = {"true, false", "false, true"},
        expect = Expect.ACCEPTABLE,
        desc = "One permit, one wait.")
@Outcome(id = "true, true", expect = Expect.FORBIDDEN, desc = "Both passed: two messages at once.")
@Outcome(id = "false, false", expect = Expect.FORBIDDEN, desc = "Neither passed, though the space was free.")
@State
public class SpaceQuotaPermitStress {

    private static final long NOW = 1_000_000_000L;
    private final SpaceQuota quota = SpaceQuota.unshared(1);

    @Actor
    public void first(ZZ_Result r) {
        r.r1 = quota.tryAcquire(NOW) == 0;
    }

    @Actor
    public void second(ZZ_Result r) {
        r.r2 = quota.tryAcquire(NOW) == 0;
    }
}
