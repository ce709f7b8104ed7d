package io.parley.command.auth;

import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.net.URL;

/** SMS through Twilio, selected by {@code parley.otp.sms-driver=twilio}; needs TWILIO_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE. */
@Component
@ConditionalOnProperty(name = "parley.otp.sms-driver", havingValue = "twilio")
class TwilioOtpSender implements OtpSender {

    private final TwilioRestClient client;
    private final PhoneNumber from;

    TwilioOtpSender(@Value("${parley.twilio.sid:}") String sid,
                    @Value("${parley.twilio.auth-token:}") String authToken,
                    @Value("${parley.twilio.phone:}") String phone,
                    @Value("${parley.twilio.base-url:}") String baseUrl) {
        if (sid.isBlank() || authToken.isBlank() || phone.isBlank()) {
            throw new IllegalStateException("parley.otp.sms-driver=twilio needs TWILIO_SID, TWILIO_AUTH_TOKEN and "
                    + "TWILIO_PHONE to be set (or choose parley.otp.sms-driver=console)");
        }
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(sid, authToken);
        if (!baseUrl.isBlank()) {
            builder.httpClient(new RedirectingHttpClient(baseUrl));
        }
        this.client = builder.build();
        this.from = new PhoneNumber(phone);
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public boolean supports(Identifier.Method method) {
        return method == Identifier.Method.PHONE;
    }

    @Override
    public void send(Identifier to, String code) {
        try {
            Message.creator(new PhoneNumber(to.value()), from, "Your Parley code is " + code).create(client);
        } catch (ApiException | com.twilio.exception.ApiConnectionException e) {
            throw new OtpDeliveryException("Twilio did not accept the message: " + e.getMessage(), e);
        }
    }

    /** Sends Twilio's requests to another base URL (a stand-in of the Twilio API in tests, or a proxy). */
    private static final class RedirectingHttpClient extends NetworkHttpClient {
        private final String baseUrl;

        RedirectingHttpClient(String baseUrl) {
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        }

        @Override
        public Response makeRequest(Request request) {
            URL original = request.constructURL();
            Request redirected = new Request(request.getMethod(), baseUrl + original.getFile());
            request.getPostParams().forEach((name, values) -> values.forEach(v -> redirected.addPostParam(name, v)));
            request.getHeaderParams().forEach((name, values) -> values.forEach(v -> redirected.addHeaderParam(name, v)));
            redirected.setAuth(request.getUsername(), request.getPassword());
            redirected.setContentType(request.getContentType());
            return super.makeRequest(redirected);
        }
    }
}
