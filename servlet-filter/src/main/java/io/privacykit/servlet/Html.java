package io.privacykit.servlet;

/** Escaping for text the filter writes into HTML. */
final class Html {

    private Html() {
    }

    /** {@code text} safe inside a double-quoted HTML attribute. */
    static String attribute(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
