package org.xiezuo.security;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.xiezuo.shared.Actor;

/** Lets controllers declare an {@link Actor} parameter; it comes from the account, never from the request. */
@Configuration(proxyBeanMethods = false)
class ActorArguments implements WebMvcConfigurer {

    private final CurrentActors actors;

    ActorArguments(CurrentActors actors) {
        this.actors = actors;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType().equals(Actor.class);
            }

            @Override
            public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                         NativeWebRequest request, WebDataBinderFactory binderFactory) {
                return actors.current().orElseThrow(() -> new InsufficientAuthenticationException("not signed in"));
            }
        });
    }
}
