package io.github.gchatappender.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that accepts every connection and never answers, nor closes: a store that hangs, as a
 * server does behind a stalled network or in a long pause. A client with no timeouts of its own waits on
 * it forever. The connections are held until {@link #close()}.
 */
public final class BlackHole implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public BlackHole() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "black-hole-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections it has accepted so far. */
    public int accepted() {
        return held.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                // Held open and never read: the client's writes fill the buffers and go unanswered.
                held.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BlackHole[127.0.0.1:" + port() + "]";
    }
}
