package org.xiezuo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.xiezuo.cli.Cli;

/**
 * Xiezuo (协作): runs a district's annual East–West cooperation task book. Given a subcommand
 * ({@code parse}, {@code import} …) the same jar runs it and exits without a web server; see docs/cli.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "shared")
public class XiezuoApplication {

    public static void main(String[] args) {
        if (Cli.isCommand(args)) {
            System.exit(Cli.run(args, XiezuoApplication.class));
        }
        SpringApplication.run(XiezuoApplication.class, args);
    }
}
