package org.xiezuo.security;

import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashes: Argon2id for new ones (memory-hard, and unlike bcrypt it never truncates a long
 * passphrase at 72 bytes); bcrypt hashes of earlier versions still verify. The algorithm id is stored
 * with each hash, so it can change again.
 */
final class Passwords {

    static final PasswordEncoder ENCODER = new DelegatingPasswordEncoder("argon2", Map.of(
            "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
            "bcrypt", new BCryptPasswordEncoder()));

    private Passwords() {}
}
