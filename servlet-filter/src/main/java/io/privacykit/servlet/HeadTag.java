package io.privacykit.servlet;

import jakarta.servlet.jsp.JspContext;
import jakarta.servlet.jsp.PageContext;
import jakarta.servlet.jsp.tagext.SimpleTagSupport;
import java.io.IOException;

/**
 * The JSP tag {@code <privacykit:head/>} (taglib {@code urn:io.privacykit}, declared in
 * {@code META-INF/privacykit.tld}): writes the banner's stylesheet and script tags, with the context
 * path and prefix applied ({@link PrivacyContext#headTags()}), or nothing where PrivacyFilter did not run.
 */
public class HeadTag extends SimpleTagSupport {

    @Override
    public void doTag() throws IOException {
        JspContext context = getJspContext();
        Object tags = context instanceof PageContext page ? page.getRequest().getAttribute(PrivacyContext.HEAD_ATTRIBUTE)
                : context.getAttribute(PrivacyContext.HEAD_ATTRIBUTE, PageContext.REQUEST_SCOPE);
        if (tags instanceof String html) {
            context.getOut().write(html);
        }
    }
}
