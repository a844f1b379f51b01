package io.github.gchatappender.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class StatsMBeanTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void theNewestRegistrationWinsAndClosingAnOlderOneLeavesItInPlace() throws Exception {
        DeliveryCounters older = new DeliveryCounters();
        DeliveryCounters newer = new DeliveryCounters();
        ObjectName name = StatsMBean.objectName("handover");

        StatsMBean first = StatsMBean.register("handover", older);
        StatsMBean second = StatsMBean.register("handover", newer);
        first.close();

        assertThat(server.isRegistered(name)).isTrue();
        assertThat(server.getAttribute(name, "InstanceId")).isEqualTo(newer.getInstanceId());
        second.close();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void namesWithSpecialCharactersAreQuoted() throws Exception {
        StatsMBean bean = StatsMBean.register("a,b=c:d", new DeliveryCounters());
        try {
            assertThat(server.isRegistered(StatsMBean.objectName("a,b=c:d"))).isTrue();
        } finally {
            bean.close();
        }
    }
}
