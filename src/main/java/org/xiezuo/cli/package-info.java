/**
 * The command line: the same jar, given a subcommand, runs it and exits without a web server.
 * Stdout carries only the result, errors are one line on stderr, exit codes follow docs/cli.md.
 */
@NullMarked
package org.xiezuo.cli;

import org.jspecify.annotations.NullMarked;
