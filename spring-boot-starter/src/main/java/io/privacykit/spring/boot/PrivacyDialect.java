package io.privacykit.spring.boot;

import io.privacykit.servlet.PrivacyContext;
import java.util.Set;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.web.IWebExchange;
import org.thymeleaf.web.servlet.IServletWebExchange;

/**
 * PrivacyKit in Thymeleaf templates: the expression object {@code #privacy} (a {@link PrivacyExpressions},
 * e.g. {@code th:if="${#privacy.isAllowed('advertising')}"}) and the element {@code <privacy:head/>},
 * replaced by the banner's stylesheet and script tags. Registered by the starter when Thymeleaf is present.
 */
public final class PrivacyDialect extends AbstractProcessorDialect implements IExpressionObjectDialect {

    /** The prefix of the dialect's elements and the name of its expression object. */
    public static final String PREFIX = "privacy";

    /** The dialect, with its default prefix. */
    public PrivacyDialect() {
        super("PrivacyKit", PREFIX, 1000);
    }

    @Override
    public Set<IProcessor> getProcessors(String dialectPrefix) {
        return Set.of(new HeadProcessor(dialectPrefix));
    }

    @Override
    public IExpressionObjectFactory getExpressionObjectFactory() {
        return new IExpressionObjectFactory() {
            @Override
            public Set<String> getAllExpressionObjectNames() {
                return Set.of(PREFIX);
            }

            @Override
            public Object buildObject(IExpressionContext context, String expressionObjectName) {
                return PREFIX.equals(expressionObjectName) ? new PrivacyExpressions(context(context)) : null;
            }

            @Override
            public boolean isCacheable(String expressionObjectName) {
                return true; // one per template execution, i.e. per request
            }
        };
    }

    /** The request's context, or null outside a request PrivacyFilter saw. */
    static PrivacyContext context(IExpressionContext context) {
        Object request = null;
        if (context instanceof IWebContext web) {
            IWebExchange exchange = web.getExchange();
            if (exchange instanceof IServletWebExchange servlet) {
                request = servlet.getNativeRequestObject();
            }
            if (exchange != null && request == null) {
                Object attribute = exchange.getAttributeValue(PrivacyContext.ATTRIBUTE);
                return attribute instanceof PrivacyContext privacy ? privacy : null;
            }
        }
        if (request instanceof jakarta.servlet.ServletRequest servletRequest) {
            Object attribute = servletRequest.getAttribute(PrivacyContext.ATTRIBUTE);
            return attribute instanceof PrivacyContext privacy ? privacy : null;
        }
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object attribute = attributes == null ? null
                : attributes.getAttribute(PrivacyContext.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return attribute instanceof PrivacyContext privacy ? privacy : null;
    }

    /** {@code <privacy:head/>}: the banner's tags, or nothing where PrivacyFilter did not run. */
    private static final class HeadProcessor extends AbstractElementTagProcessor {
        HeadProcessor(String dialectPrefix) {
            super(TemplateMode.HTML, dialectPrefix, "head", true, null, false, 1000);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag,
                                 IElementTagStructureHandler structureHandler) {
            PrivacyContext privacy = context(context);
            structureHandler.replaceWith(privacy == null ? "" : privacy.headTags(), false);
        }
    }
}
