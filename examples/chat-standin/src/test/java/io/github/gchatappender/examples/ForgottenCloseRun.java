package io.github.gchatappender.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A demo that forgets {@link LocalChatServer#close()}: it starts the stand-in, posts one message and
 * returns from main. Run in a JVM of its own by {@link LocalChatServerTest}, which expects that JVM to
 * exit.
 */
public final class ForgottenCloseRun {

    private ForgottenCloseRun() {}

    public static void main(String[] args) throws Exception {
        LocalChatServer chat = LocalChatServer.start(System.out);
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(chat.webhookUrl()))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"forgotten\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println("answered " + answer.statusCode() + "; returning without close()");
    }
}
