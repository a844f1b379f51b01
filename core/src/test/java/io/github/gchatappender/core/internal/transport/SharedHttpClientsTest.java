package io.github.gchatappender.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharedHttpClientsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1234);

    @Test
    void equalSettingsShareOneClientAndOtherSettingsGetTheirOwn() {
        SharedHttpClients.Lease one = SharedHttpClients.acquire(TIMEOUT, null);
        SharedHttpClients.Lease two = SharedHttpClients.acquire(TIMEOUT, null);
        SharedHttpClients.Lease slower = SharedHttpClients.acquire(TIMEOUT.plusSeconds(1), null);
        SharedHttpClients.Lease proxied =
                SharedHttpClients.acquire(TIMEOUT, InetSocketAddress.createUnresolved("proxy.example", 3128));
        try {
            assertThat(two.client()).isSameAs(one.client());
            assertThat(slower.client()).isNotSameAs(one.client());
            assertThat(proxied.client()).isNotSameAs(one.client());
            assertThat(proxied.client().proxy()).isPresent();
        } finally {
            one.release();
            two.release();
            slower.release();
            proxied.release();
        }
    }

    @Test
    void aClientOnlyOneHolderReleasedIsStillTheOthers() {
        SharedHttpClients.Lease one = SharedHttpClients.acquire(TIMEOUT, null);
        SharedHttpClients.Lease two = SharedHttpClients.acquire(TIMEOUT, null);
        one.release();
        one.release(); // Idempotent: does not release the other holder's use.

        SharedHttpClients.Lease three = SharedHttpClients.acquire(TIMEOUT, null);
        assertThat(three.client()).isSameAs(two.client());
        two.release();
        three.release();
    }

    /** A default proxy selector set after a client was built is honoured: the client read the old one. */
    @Test
    void aNewDefaultProxySelectorGetsANewClient() {
        ProxySelector original = ProxySelector.getDefault();
        SharedHttpClients.Lease before = SharedHttpClients.acquire(TIMEOUT, null);
        try {
            ProxySelector.setDefault(ProxySelector.of(InetSocketAddress.createUnresolved("proxy.example", 3128)));
            SharedHttpClients.Lease after = SharedHttpClients.acquire(TIMEOUT, null);
            assertThat(after.client()).isNotSameAs(before.client());
            after.release();
        } finally {
            ProxySelector.setDefault(original);
            before.release();
        }
    }
}
