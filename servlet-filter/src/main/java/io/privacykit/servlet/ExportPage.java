package io.privacykit.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The readable HTML view of an access or portability export (GDPR Art. 15(3): "in a commonly used
 * electronic form"): the same bundle as the JSON, laid out as headed tables, with the complete JSON
 * inside it to save, since the link works once. Server-rendered, every value escaped, no script
 * and no style, so the rights pages' {@code default-src 'none'} policy holds.
 */
final class ExportPage {

    /** Beyond this depth the app's values are shown as their JSON text. */
    private static final int MAX_DEPTH = 16;
    private static final Map<String, String> SECTIONS = Map.of(
            "request", "Your request",
            "subject", "Who this is about",
            "app", "What the service holds on you",
            "privacykit", "What the privacy tooling holds on you");
    private static final Map<String, String> OWN = Map.of(
            "consents", "Your cookie choices, with the record of each",
            "collection", "Personal information collected, by day, category and purpose",
            "disclosures", "Personal information disclosed, by day, category and recipient",
            "communicationPreferences", "Your marketing preferences",
            "rightsRequests", "Your privacy requests");

    private ExportPage() {
    }

    /**
     * The page of {@code bundle}, whose JSON file is {@code fileName}, up to but not including the
     * closing {@code </body></html>} the caller adds.
     *
     * @throws IOException when the bundle is not JSON
     */
    static StringBuilder render(ObjectMapper json, byte[] bundle, String fileName) throws IOException {
        JsonNode root = json.readTree(bundle);
        StringBuilder html = new StringBuilder(bundle.length * 2 + 2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Your personal data")
                .append("</title></head><body>\n<h1>Your personal data</h1>\n<p>Generated ")
                .append(text(root.path("generatedAt").asText())).append(". This link worked once: save this page, or")
                .append(" <a download=\"").append(text(fileName)).append("\" href=\"data:application/json;base64,")
                .append(Base64.getEncoder().encodeToString(bundle))
                .append("\">save the machine-readable JSON</a> (the same data, for another service).</p>\n");
        for (Map.Entry<String, JsonNode> section : fields(root)) {
            String key = section.getKey();
            if (key.equals("schemaVersion") || key.equals("generatedAt")) {
                continue;
            }
            html.append("<section id=\"").append(text(key)).append("\">\n<h2>")
                    .append(text(SECTIONS.getOrDefault(key, key))).append("</h2>\n");
            if (key.equals("privacykit") && section.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> part : fields(section.getValue())) {
                    html.append("<h3>").append(text(OWN.getOrDefault(part.getKey(), part.getKey()))).append("</h3>\n");
                    value(html, part.getValue(), 0);
                }
            } else {
                value(html, section.getValue(), 0);
            }
            html.append("</section>\n");
        }
        html.append("<details><summary>The complete bundle as JSON</summary>\n<pre>")
                .append(text(json.writerWithDefaultPrettyPrinter().writeValueAsString(root)))
                .append("</pre></details>\n");
        return html;
    }

    private static void value(StringBuilder html, JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            html.append("<code>").append(text(node.toString())).append("</code>");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                html.append("<p>Nothing.</p>\n");
                return;
            }
            html.append("<table>\n");
            for (Map.Entry<String, JsonNode> field : fields(node)) {
                html.append("<tr><th scope=\"row\">").append(text(field.getKey())).append("</th><td>");
                value(html, field.getValue(), depth + 1);
                html.append("</td></tr>\n");
            }
            html.append("</table>\n");
        } else if (node.isArray()) {
            array(html, node, depth);
        } else if (node.isNull() || node.isMissingNode()) {
            html.append("<i>none</i>");
        } else {
            html.append(text(node.asText()));
        }
    }

    /** A list of objects is a table with a column per key; any other list, one item a line. */
    private static void array(StringBuilder html, JsonNode node, int depth) {
        if (node.isEmpty()) {
            html.append("<p>Nothing.</p>\n");
            return;
        }
        boolean objects = true;
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode item : node) {
            objects &= item.isObject();
            item.fieldNames().forEachRemaining(columns::add);
        }
        if (!objects) {
            html.append("<ul>\n");
            for (JsonNode item : node) {
                html.append("<li>");
                value(html, item, depth + 1);
                html.append("</li>\n");
            }
            html.append("</ul>\n");
            return;
        }
        html.append("<table>\n<tr>");
        columns.forEach(c -> html.append("<th scope=\"col\">").append(text(c)).append("</th>"));
        html.append("</tr>\n");
        for (JsonNode item : node) {
            html.append("<tr>");
            for (String column : columns) {
                html.append("<td>");
                if (item.has(column)) {
                    value(html, item.get(column), depth + 1);
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return new ArrayList<>(node.properties());
    }

    private static String text(String value) {
        return Html.attribute(value);
    }
}
