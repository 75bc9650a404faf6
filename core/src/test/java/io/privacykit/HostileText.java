package io.privacykit;

import java.util.Random;

/**
 * Hostile text for the fuzz properties: random strings over alphabets that matter to a parser
 * (separators, quotes, controls, non-ASCII, lone surrogates), and mutations of valid input.
 * Plain {@link Random}-driven so that 100,000 inputs cost little; jqwik supplies the seed.
 */
public final class HostileText {

    /** Characters that mean something to a header, cookie, form, JSON or properties parser. */
    public static final String SEPARATORS = " \t,;=:\"'\\/[]{}()<>@?&%+#.|_-*!\r\n\0";

    private HostileText() {
    }

    /** Random text of at most {@code max} characters: mostly separators and ASCII, some of anything. */
    public static String text(Random random, int max) {
        int length = random.nextInt(max + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(character(random));
        }
        return out.toString();
    }

    /** Random text over {@code alphabet}, {@code min} to {@code max} characters. */
    public static String over(Random random, String alphabet, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** One character: a separator, printable ASCII, a control, Latin-1, any BMP character or a lone surrogate. */
    public static char character(Random random) {
        int kind = random.nextInt(20);
        if (kind < 6) {
            return SEPARATORS.charAt(random.nextInt(SEPARATORS.length()));
        }
        if (kind < 15) {
            return (char) (0x21 + random.nextInt(0x5e));
        }
        if (kind < 16) {
            return (char) random.nextInt(0x20);
        }
        if (kind < 18) {
            return (char) (0x80 + random.nextInt(0x80));
        }
        if (kind < 19) {
            return (char) random.nextInt(0x10000);
        }
        return (char) (0xd800 + random.nextInt(0x800));
    }

    /** {@code valid} with one to three random edits: a character replaced, inserted, deleted or repeated. */
    public static String mutate(Random random, String valid) {
        StringBuilder out = new StringBuilder(valid);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, character(random));
                    } else {
                        out.append(character(random));
                    }
                }
                case 1 -> out.insert(at, character(random));
                case 2 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                default -> {
                    int end = Math.min(out.length(), at + 1 + random.nextInt(8));
                    out.insert(at, out.substring(at, end));
                }
            }
        }
        return out.toString();
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
