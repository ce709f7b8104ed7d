package io.parley.command.auth;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Email through SMTP, selected by {@code parley.otp.email-driver=smtp}; needs {@code spring.mail.host}. */
@Component
@ConditionalOnProperty(name = "parley.otp.email-driver", havingValue = "smtp")
class SmtpOtpSender implements OtpSender {

    private final JavaMailSender mail;
    private final String from;

    SmtpOtpSender(ObjectProvider<JavaMailSender> mail, @Value("${parley.mail.from:no-reply@parley.local}") String from) {
        this.mail = mail.getIfAvailable();
        if (this.mail == null) {
            throw new IllegalStateException("parley.otp.email-driver=smtp needs an SMTP server: set SPRING_MAIL_HOST "
                    + "(spring.mail.host) and, if needed, SPRING_MAIL_PORT, SPRING_MAIL_USERNAME, SPRING_MAIL_PASSWORD");
        }
        this.from = from;
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public boolean supports(Identifier.Method method) {
        return method == Identifier.Method.EMAIL;
    }

    @Override
    public void send(Identifier to, String code) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to.value());
        message.setSubject("Your Parley code");
        message.setText("Your Parley code is " + code + ". It is valid for a few minutes; do not share it.");
        try {
            mail.send(message);
        } catch (MailException e) {
            throw new OtpDeliveryException("The SMTP server did not accept the message: " + e.getMessage(), e);
        }
    }
}
