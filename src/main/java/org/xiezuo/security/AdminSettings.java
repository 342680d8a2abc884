package org.xiezuo.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The bootstrap account: {@code XIEZUO_ADMIN_USERNAME} and {@code XIEZUO_ADMIN_PASSWORD}. */
@ConfigurationProperties("xiezuo.admin")
record AdminSettings(@DefaultValue("admin") String username, @Nullable String password) {}
