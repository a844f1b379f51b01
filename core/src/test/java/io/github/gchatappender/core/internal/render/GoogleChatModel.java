package io.github.gchatappender.core.internal.render;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.ClassInfo;
import com.google.api.services.chat.v1.model.GoogleAppsCardV1Widget;
import com.google.api.services.chat.v1.model.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A message body read through Google's own published model of the Chat API
 * ({@code com.google.apis:google-api-services-chat}), the classes Google generates from the API's
 * discovery document: Message, CardWithId, GoogleAppsCardV1Card and the rest. A field the model does
 * not know is one Google's JSON front end rejects with 400; the model keeps such fields aside as
 * "unknown keys", which {@link #problems} lists by JSON path. A value of the wrong JSON type does not
 * read at all.
 */
final class GoogleChatModel {

    private GoogleChatModel() {}

    /** Departures from Google's model: fields it does not know, or a body it cannot read. */
    static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        Message message;
        try {
            message = GsonFactory.getDefaultInstance().fromString(json, Message.class);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("$ does not read as Google's Message: " + e.getMessage());
            return problems;
        }
        unknownFields(message, "$", problems);
        return problems;
    }

    /** The kinds a card widget can be, from the model: every field of Widget but its alignment. */
    static Set<String> widgetKinds() {
        Set<String> kinds =
                new TreeSet<>(ClassInfo.of(GoogleAppsCardV1Widget.class).getNames());
        kinds.remove("horizontalAlignment");
        return kinds;
    }

    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value instanceof GenericJson) {
            GenericJson json = (GenericJson) value;
            for (String unknown : json.getUnknownKeys().keySet()) {
                problems.add(path + "." + unknown + " is not a field of Google's "
                        + json.getClass().getSimpleName());
            }
            for (Map.Entry<String, Object> field : json.entrySet()) {
                if (!json.getUnknownKeys().containsKey(field.getKey())) {
                    unknownFields(field.getValue(), path + "." + field.getKey(), problems);
                }
            }
        } else if (value instanceof Collection) {
            int i = 0;
            for (Object element : (Collection<?>) value) {
                unknownFields(element, path + "[" + i++ + "]", problems);
            }
        }
    }
}
