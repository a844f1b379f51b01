package io.github.gchatappender.core.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatTextTest {

    private static UnaryOperator<String> mode(String name) {
        switch (name) {
            case "plain":
                return ChatText::plain;
            case "inline":
                return ChatText::inline;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void mentionOfEveryoneCannotForm(String mode) {
        String out = mode(mode).apply("hey <users/all> look");

        assertThat(out).doesNotContain("<").doesNotContain("<users/all>");
        assertThat(out).isEqualTo("hey \u2039users/all> look");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void linkCannotForm(String mode) {
        String out = mode(mode).apply("<https://x|click> and <<users/123>");

        assertThat(out).doesNotContain("<");
        assertThat(out).isEqualTo("\u2039https://x|click> and \u2039\u2039users/123>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void backticksCannotOpenOrCloseACodeBlock(String mode) {
        String out = mode(mode).apply("before ``` after ` and ````");

        assertThat(out).doesNotContain("`");
        assertThat(out).isEqualTo("before \u02CB\u02CB\u02CB after \u02CB and \u02CB\u02CB\u02CB\u02CB");
    }

    @Test
    void unicodeLineSeparatorsBreakLinesInPlainAndBecomeSpacesInline() {
        assertThat(ChatText.plain("a\u2028b\u2029c")).isEqualTo("a\nb\nc");
        assertThat(ChatText.inline("a\u2028b\u2029c")).isEqualTo("a b c");
    }

    @Test
    void theArabicLetterMarkIsRemoved() {
        assertThat(ChatText.inline("a\u061Cb")).isEqualTo("ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void controlCharactersBecomeSpacesAndCarriageReturnsDisappear(String mode) {
        String out = mode(mode).apply("a\u0000b\u0007c\u001Bd\u007Fe\u0085f");

        assertThat(out).isEqualTo("a b c d e f");
        assertThat(out.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c < 0xA0));
    }

    @Test
    void carriageReturnRemovedInPlainAndCodeButSpaceInInline() {
        assertThat(ChatText.plain("a\r\nb")).isEqualTo("a\nb");
        assertThat(ChatText.inline("a\r\nb")).isEqualTo("a  b");
        assertThat(ChatText.plain("a\rb")).doesNotContain("\r");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void bidiOverridesAndIsolatesAreRemoved(String mode) {
        String hostile = "safe\u202Etxt.exe\u202C \u2066iso\u2069 \u2067x\u2068y \u202Aa\u202Bb\u202Dc \u200Ed\u200F";

        String out = mode(mode).apply(hostile);

        assertThat(out).isEqualTo("safetxt.exe iso xy abc d");
        for (char bidi : new char[] {
            '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F'
        }) {
            assertThat(out).doesNotContain(String.valueOf(bidi));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void loneHighSurrogateBecomesReplacementCharacter(String mode) {
        assertThat(mode(mode).apply("a\uD834b")).isEqualTo("a\uFFFDb");
        assertThat(mode(mode).apply("end\uD834")).isEqualTo("end\uFFFD");
        assertThat(mode(mode).apply("\uD834\uD834\uDD1E")).isEqualTo("\uFFFD\uD834\uDD1E");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void loneLowSurrogateBecomesReplacementCharacter(String mode) {
        assertThat(mode(mode).apply("a\uDD1Eb")).isEqualTo("a\uFFFDb");
        assertThat(mode(mode).apply("\uDD1Estart")).isEqualTo("\uFFFDstart");
        // Reversed pair: low then high, both lone.
        assertThat(mode(mode).apply("\uDD1E\uD834")).isEqualTo("\uFFFD\uFFFD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void validSurrogatePairsAreKept(String mode) {
        String emoji = "fire \uD83D\uDD25 clef \uD834\uDD1E";

        assertThat(mode(mode).apply(emoji)).isEqualTo(emoji);
        // A pair next to something that does need replacing is kept too.
        assertThat(mode(mode).apply("<\uD83D\uDD25<")).isEqualTo("\u2039\uD83D\uDD25\u2039");
    }

    @Test
    void surrogatesSeparatedByRemovedCharacterDoNotFuseIntoAPair() {
        String out = ChatText.plain("\uD834\u202E\uDD1E");

        assertThat(out).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void outputIsAlwaysWellFormedUtf16() {
        java.util.Random random = new java.util.Random(42);
        for (int run = 0; run < 500; run++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                s.append((char) (random.nextBoolean() ? 0xD800 + random.nextInt(0x800) : random.nextInt(0x10000)));
            }
            for (UnaryOperator<String> f :
                    java.util.List.<UnaryOperator<String>>of(ChatText::plain, ChatText::inline)) {
                String out = f.apply(s.toString());
                for (int i = 0; i < out.length(); i++) {
                    char c = out.charAt(i);
                    if (Character.isHighSurrogate(c)) {
                        assertThat(i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1)))
                                .as("high surrogate at %d paired in %s", i, out)
                                .isTrue();
                        i++;
                    } else {
                        assertThat(Character.isLowSurrogate(c))
                                .as("lone low surrogate at %d", i)
                                .isFalse();
                    }
                }
                assertThat(out).doesNotContain("<");
            }
        }
    }

    @Test
    void inlineTurnsNewlinesAndTabsIntoSpaces() {
        assertThat(ChatText.inline("one\ntwo\tthree\r\nfour")).isEqualTo("one two three  four");
        assertThat(ChatText.inline("x\ny")).doesNotContain("\n");
    }

    /** Every character that may show as a new line: none survives on one line, and only \n across lines (CR is dropped). */
    @Test
    void everyLineBreakIsASpaceOnOneLineAndANewlineAcrossLines() {
        for (String lineBreak : ForgedLinesTest.BREAKS) {
            String data = "a" + lineBreak + "b";
            String shown = lineBreak
                    .codePoints()
                    .mapToObj(c -> String.format("U+%04X", c))
                    .reduce("", String::concat);

            assertThat(ChatText.inline(data)).as(shown).matches("a +b");
            assertThat(ChatText.htmlInline(data)).as(shown).matches("a +b");
            assertThat(ChatText.plain(data)).as(shown).matches("a[\n ]?b");
            assertThat(ChatText.html(data)).as(shown).matches("a[\n ]?b");
            assertThat(ChatText.lines(data)).as(shown).matches("a[\n ]?b");
        }
    }

    @Test
    void htmlInlineEscapesAsHtmlDoes() {
        assertThat(ChatText.htmlInline("<b>\"x\" & y</b>\u2028z"))
                .isEqualTo("&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt; z");
    }

    @Test
    void plainAndCodeKeepNewlinesAndTabs() {
        assertThat(ChatText.plain("one\ntwo\tthree")).isEqualTo("one\ntwo\tthree");
        assertThat(ChatText.plain("at a\n\tat b")).isEqualTo("at a\n\tat b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void stringsNeedingNoChangeComeBackUnchanged(String mode) {
        String safe = "Order 42 failed: caf\u00E9 \u20AC \uD834\uDD1E > 3 & \"quoted\" \\ path";

        String out = mode(mode).apply(safe);

        assertThat(out).isEqualTo(safe);
        assertThat(out).isSameAs(safe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "inline"})
    void nullBecomesEmpty(String mode) {
        assertThat(mode(mode).apply(null)).isEmpty();
        assertThat(mode(mode).apply("")).isEmpty();
    }
}
