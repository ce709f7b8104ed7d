package io.parley.app.web;

import io.parley.api.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * Answers that never reach a controller are problem+json too, in both places where the servlet container makes
 * them: its error dispatch to {@code /error} (a URL Spring Security's firewall rejects, {@code TRACE}, any
 * {@code sendError}), which {@link Pages} answers instead of Boot's JSON; and Tomcat's own error report for a request
 * it refuses before any servlet (an undecodable or encoded-slash path, an over-long URL or header, a malformed
 * request line), which {@link Report} writes instead of Tomcat's HTML page.
 */
final class ContainerErrors {

    private ContainerErrors() {
    }

    @RestController
    static class Pages implements ErrorController {

        @RequestMapping("${server.error.path:/error}")
        ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
            // Asked for directly, /error is no endpoint.
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            ErrorCode code = status instanceof Integer s ? Problems.forStatus(s) : ErrorCode.NOT_FOUND;
            return Problems.response(code, detail(code), Map.of());
        }
    }

    @Component
    static class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> ((StandardHost) context.getParent()).setErrorReportValveClass(Report.class.getName()));
        }
    }

    /** Tomcat's error report valve, writing problem+json; Tomcat creates it by its class name, hence public. */
    public static final class Report extends ErrorReportValve {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            ErrorCode code = Problems.forStatus(status);
            try {
                response.setStatus(code.status());
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer reporter = response.getReporter();
                if (reporter != null) {
                    reporter.write(JSON.writeValueAsString(Problems.body(code, detail(code), Map.of())));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException clientGone) {
                // Nothing more can be told to this client.
            }
        }
    }

    private static String detail(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> "The request is malformed (its URL, headers or framing).";
            case NOT_FOUND -> "No such endpoint.";
            case METHOD_NOT_ALLOWED -> "This method is not supported here.";
            default -> code.title() + ".";
        };
    }
}
