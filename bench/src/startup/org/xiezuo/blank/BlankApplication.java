package org.xiezuo.blank;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * PERFORMANCE.md W4's secondary reference: a blank Spring Boot application with Xiezuo's starters (the
 * same runtime class path without Xiezuo's classes), nothing of its own. Its package is outside
 * {@code org.xiezuo.*}'s scanned packages on purpose; only bench/startup.sh compiles and starts it.
 */
@SpringBootApplication
public class BlankApplication {

    public static void main(String[] args) {
        SpringApplication.run(BlankApplication.class, args);
    }
}
