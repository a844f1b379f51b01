package io.github.gchatappender.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A webhook that never answers: a loopback socket that is listening but never accepts, so
 * connections complete in the kernel's backlog and requests wait for an answer that never comes.
 * The appender under test must cost the caller the same regardless.
 */
final class SilentWebhook implements AutoCloseable {

    private final ServerSocket socket;

    SilentWebhook() throws IOException {
        this.socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort()
                + "/v1/spaces/BENCH/messages?key=bench-key&token=bench-token";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
