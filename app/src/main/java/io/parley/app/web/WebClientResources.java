package io.parley.app.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web client (module {@code web-client}) and its WebJar at their own paths only, instead of Spring Boot's
 * catch-all {@code /**} handler: that one looked every unknown path up on the class path, through each of the app
 * jar's nested jars, and a request to an unknown path cost a millisecond of CPU (docs/DECISIONS.md "Performance
 * (REST)"). Unknown paths now go straight to the 404 problem.
 */
@Configuration(proxyBeanMethods = false)
class WebClientResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/index.html", "/app.css").addResourceLocations("classpath:/static/").resourceChain(true);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").resourceChain(true);
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/").resourceChain(true);
    }
}
