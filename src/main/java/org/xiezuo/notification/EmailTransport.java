package org.xiezuo.notification;

import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailParseException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.xiezuo.security.Recipients.Recipient;

/**
 * E-mail over SMTP through Spring's {@link JavaMailSender}, which exists only when {@code spring.mail.host}
 * is configured: without it the channel is off. The address is read from the account at sending time.
 */
@Component
class EmailTransport implements Transport {

    private static final String FOOTER = "\n\n—— 此邮件由协作系统自动发送，请勿回复。";

    private final ObjectProvider<JavaMailSender> sender;
    private final NotificationSettings settings;

    EmailTransport(ObjectProvider<JavaMailSender> sender, NotificationSettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean configured() {
        return sender.getIfAvailable() != null;
    }

    @Override
    public void send(Outbox.Message message, Recipient recipient) throws Exception {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) throw new Undeliverable("未配置邮件服务器");
        if (recipient.email() == null) throw new Undeliverable("账号未填写电子邮箱");
        MimeMessage mime = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, false, "UTF-8");
        try {
            helper.setTo(recipient.email());
        } catch (jakarta.mail.MessagingException | MailParseException e) {
            throw new Undeliverable("电子邮箱地址无效");
        }
        helper.setFrom(settings.email().from().isBlank() ? "xiezuo@localhost" : settings.email().from());
        helper.setSubject(settings.email().subjectPrefix() + message.title());
        StringBuilder text = new StringBuilder(recipient.displayName()).append("：\n\n").append(message.body());
        if (message.link() != null) text.append("\n\n").append(settings.absolute(message.link()));
        helper.setText(text.append(FOOTER).toString());
        mail.send(mime);
    }
}
