package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.jsp.tagext.SimpleTagSupport;
import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The shipped tag library names a tag class that exists and is a simple tag. */
class TagLibraryTest {

    @Test
    void theHeadTagIsDeclaredWithItsClass() throws Exception {
        Document tld;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/privacykit.tld")) {
            assertThat(in).isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            tld = factory.newDocumentBuilder().parse(in);
        }

        assertThat(tld.getElementsByTagName("uri").item(0).getTextContent()).isEqualTo("urn:io.privacykit");
        assertThat(tld.getElementsByTagName("name").item(0).getTextContent()).isEqualTo("head");
        Class<?> tag = Class.forName(tld.getElementsByTagName("tag-class").item(0).getTextContent());
        assertThat(SimpleTagSupport.class).isAssignableFrom(tag);
        assertThat(tag).isEqualTo(HeadTag.class);
    }
}
