package org.xiezuo.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start of the server with no account, creates the administrator: username from
 * {@code XIEZUO_ADMIN_USERNAME} (default admin), password from {@code XIEZUO_ADMIN_PASSWORD} or a random
 * one printed once to the console, to be changed at first sign-in.
 */
@Component
@Order(0)
@ConditionalOnProperty(name = "xiezuo.cli", havingValue = "false", matchIfMissing = true)
class BootstrapAccount implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAccount.class);

    private final Credentials credentials;
    private final AdminSettings settings;

    BootstrapAccount(Credentials credentials, AdminSettings settings) {
        this.credentials = credentials;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        Credentials.Bootstrap result = credentials.bootstrap(settings);
        if (!result.created()) return;
        log.info("Created the bootstrap administrator account '{}'", settings.username());
        if (result.generatedPassword() != null) {
            System.out.println("""

                    ==================================================================
                     协作（Xiezuo）首次启动：已创建系统管理员账号
                       用户名：%s
                       初始密码：%s
                     此密码只显示这一次，首次登录后必须修改。
                    ==================================================================
                    """.formatted(settings.username(), result.generatedPassword()));
        }
        if (result.weakConfiguredPassword()) {
            log.warn("XIEZUO_ADMIN_PASSWORD does not meet the password policy; it must be changed at first sign-in");
        }
    }
}
