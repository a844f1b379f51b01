package io.github.gchatappender.examples;

import static io.github.gchatappender.examples.ChatMarkup.toHtml;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Chat's text syntax as the preview renders it; everything outside the syntax is escaped. */
class ChatMarkupTest {

    @Test
    void emphasisAndInlineCode() {
        assertThat(toHtml("*bold* _italic_ ~strike~ `a *not bold* <b>`"))
                .isEqualTo("<b>bold</b> <i>italic</i> <s>strike</s> <code>a *not bold* &lt;b&gt;</code>");
        assertThat(toHtml("*_both_*")).isEqualTo("<b><i>both</i></b>");
    }

    @Test
    void markersInsideWordsOrBeforeSpacesStayAsTyped() {
        assertThat(toHtml("snake_case_name 2*3*4 * not bold * a_")).isEqualTo("snake_case_name 2*3*4 * not bold * a_");
    }

    @Test
    void codeBlocksKeepWhitespaceAndEscape() {
        assertThat(toHtml("Trace:\n```\n  at A.b(A.java:1)\n\t<init> *x*\n```\nend"))
                .isEqualTo("Trace:<pre>  at A.b(A.java:1)\n\t&lt;init&gt; *x*</pre>end");
        assertThat(toHtml("```unclosed *x*")).isEqualTo("```unclosed <b>x</b>");
    }

    @Test
    void linksMentionsAndBareUrls() {
        assertThat(toHtml("<https://x.test/a?b=1&c=2|the \"logs\">"))
                .isEqualTo("<a href=\"https://x.test/a?b=1&amp;c=2\">the &quot;logs&quot;</a>");
        assertThat(toHtml("<https://x.test>")).isEqualTo("<a href=\"https://x.test\">https://x.test</a>");
        assertThat(toHtml("see https://x.test/a_b_c."))
                .isEqualTo("see <a href=\"https://x.test/a_b_c\">https://x.test/a_b_c</a>.");
        assertThat(toHtml("<users/all> <users/123>"))
                .isEqualTo("<span class=\"mention\">@all</span> <span class=\"mention\">@users/123</span>");
    }

    @Test
    void onlyHttpAndMailtoBecomeLinks() {
        assertThat(toHtml("<javascript:alert(1)|click>")).isEqualTo("&lt;javascript:alert(1)|click&gt;");
    }

    @Test
    void htmlIsText() {
        assertThat(toHtml("<script>alert('x')</script> & <b>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;");
    }

    @Test
    void newlinesAndBullets() {
        assertThat(toHtml("a\n* one\n- two")).isEqualTo("a<br>\n• one<br>\n• two");
    }
}
