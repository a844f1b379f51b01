package io.github.gchatappender.examples;

import static io.github.gchatappender.examples.CardHtml.sanitize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Cards as the preview renders them; card text keeps Chat's HTML subset and nothing else. */
class CardHtmlTest {

    @Test
    void keepsChatsTagsWithTheirOneAttribute() {
        assertThat(sanitize("<b>b</b><i>i</i><u>u</u><s>s</s><br><font color=\"#ff0000\">red</font>"
                        + "<a href=\"https://x.test/?a=1&amp;b=2\">link</a>"))
                .isEqualTo("<b>b</b><i>i</i><u>u</u><s>s</s><br><font color=\"#ff0000\">red</font>"
                        + "<a href=\"https://x.test/?a=1&amp;b=2\">link</a>");
    }

    @Test
    void escapesOtherTagsAndDropsOtherAttributes() {
        assertThat(sanitize("<script>alert(1)</script><img src=x onerror=y>"))
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=y&gt;");
        assertThat(sanitize("<b onclick=\"x()\">b</b><a href=\"javascript:x()\">a</a><font color=\"red;x:y\">f</font>"))
                .isEqualTo("<b>b</b><a>a</a><font>f</font>");
    }

    @Test
    void keepsEntitiesAndEscapesStrayCharacters() {
        assertThat(sanitize("a &lt; b &amp; c & d > e \"f\"\ng"))
                .isEqualTo("a &lt; b &amp; c &amp; d &gt; e &quot;f&quot;<br>g");
    }

    @Test
    void closesWhatIsLeftOpenAndDropsStrayClosingTags() {
        assertThat(sanitize("<b><i>x</b></u>y<a href='https://x.test'>z"))
                .isEqualTo("<b><i>x</i></b>y<a href=\"https://x.test\">z</a>");
    }

    @Test
    void rendersHeaderSectionsAndWidgets() throws Exception {
        String cards = "[{\"cardId\":\"alert\",\"card\":{"
                + "\"header\":{\"title\":\"ERROR <b>not html</b>\",\"subtitle\":\"com.x.Y\",\"imageUrl\":\"https://img.test/a.png\"},"
                + "\"sections\":["
                + "{\"header\":\"Details\",\"widgets\":[{\"decoratedText\":{\"topLabel\":\"host\",\"text\":\"web-1\"}},{\"divider\":{}}]},"
                + "{\"header\":\"Stack trace\",\"collapsible\":true,\"uncollapsibleWidgetsCount\":1,\"widgets\":["
                + "{\"textParagraph\":{\"text\":\"<b>first</b>\"}},{\"textParagraph\":{\"text\":\"rest\"}}]},"
                + "{\"widgets\":[{\"buttonList\":{\"buttons\":[{\"text\":\"Open logs\",\"onClick\":{\"openLink\":{\"url\":\"https://logs.test\"}}}]}},"
                + "{\"image\":{\"imageUrl\":\"https://img.test/b.png\"}}]}]}}]";

        String html = CardHtml.render(new ObjectMapper().readTree(cards));

        assertThat(html)
                .contains("<div class=\"card-title\">ERROR &lt;b&gt;not html&lt;/b&gt;</div>", "com.x.Y")
                .contains("Details", "<div class=\"label\">host</div><div>web-1</div>", "<hr>")
                .contains("Stack trace <span class=\"note\">▾ collapsible</span>")
                .containsSubsequence("<b>first</b>", "hidden until \"Show more\"", "rest")
                .contains("<a class=\"button\" href=\"https://logs.test\">Open logs</a>")
                .contains("(image widget: not drawn in this preview)")
                .doesNotContain("img.test");
    }
}
