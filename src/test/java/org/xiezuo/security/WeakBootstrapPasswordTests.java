package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * SECURITY.md T09 for an operator who configures a weak bootstrap password such as {@code admin123}:
 * the account is created, but the password must be changed before anything else, like a generated one.
 */
@SpringBootTest(properties = {"xiezuo.admin.username=admin", "xiezuo.admin.password=admin123"})
@ActiveProfiles("test")
@AutoConfigureMockMvc
class WeakBootstrapPasswordTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void T09_aWeakConfiguredBootstrapPasswordMustBeChangedAtFirstSignIn() throws Exception {
        assertThat(jdbc.sql("select must_change_password from security_account where username = 'admin'")
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select role from security_account_role").query(String.class).list()).containsExactly("ADMIN");

        mvc.perform(post("/login").param("username", "admin").param("password", "admin123").with(csrf()))
                .andExpect(redirectedUrl("/account/second-factor"));
        assertThat(jdbc.sql("select count(*) from security_account").query(Long.class).single()).isEqualTo(1);
    }
}
