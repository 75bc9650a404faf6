package io.privacykit.spring.boot;

import io.privacykit.servlet.PrivacyContext;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Passes the request's {@link PrivacyContext} to a controller method parameter of that type. */
final class PrivacyContextArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return PrivacyContext.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Object context = webRequest.getAttribute(PrivacyContext.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (context instanceof PrivacyContext privacy) {
            return privacy;
        }
        throw new IllegalStateException("No PrivacyContext on this request: PrivacyFilter did not run for it"
                + " (is privacykit.spring.enabled=false, or the filter's registration replaced?)");
    }
}
