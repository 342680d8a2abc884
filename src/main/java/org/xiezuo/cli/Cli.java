package org.xiezuo.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.xiezuo.importer.ImportRejected;
import org.xiezuo.importer.ImporterSettings;
import org.xiezuo.importer.TaskBookJson;
import org.xiezuo.importer.TaskBookParser;

/**
 * Entry point of the command line ({@code java -jar xiezuo.jar COMMAND …}). Exit codes: 0 done;
 * 1 internal error; 2 unusable input or arguments; 3 refused by validation, nothing written (for
 * {@code audit-verify}: the audit chain is broken; for {@code evidence-check}: a reference without its file or
 * with other bytes); 4 database unavailable or in use.
 */
public final class Cli {

    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int UNUSABLE_INPUT = 2;
    static final int REFUSED = 3;
    static final int DATABASE_UNAVAILABLE = 4;

    private static final Set<String> COMMANDS = Set.of("parse", "import", "audit-verify", "user", "ledger-import", "indicator-values", "rotate-keys", "assess", "export", "evidence-check", "help");
    private static final Set<String> FLAGS = Set.of("update", "help", "valid-only", "delete-unreferenced");

    private Cli() {}

    /** True when the first argument names a command rather than a server option. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs a command; {@code application} is the Spring Boot application class commands that need the database start. */
    public static int run(String[] args, Class<?> application) {
        return run(args, application, System.out, System.err);
    }

    public static int run(String[] args, Class<?> application, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            CliArguments arguments = CliArguments.parse(args, FLAGS);
            return switch (command) {
                case "parse" -> parse(arguments, out);
                case "import" -> new ImportCommand(arguments, application).run(out);
                case "audit-verify" -> new AuditVerifyCommand(arguments, application).run(out);
                case "user" -> new UserCommand(arguments, application).run(out);
                case "ledger-import" -> new LedgerCommands(arguments, application).importLedger(out);
                case "indicator-values" -> new LedgerCommands(arguments, application).indicatorValues(out);
                case "rotate-keys" -> new RotateKeysCommand(arguments, application).run(out);
                case "assess" -> new AssessCommand(arguments, application).run(out);
                case "export" -> new ExportCommand(arguments, application).run(out);
                case "evidence-check" -> new EvidenceCheckCommand(arguments, application).run(out);
                default -> help(out);
            };
        } catch (CliException e) {
            err.println(line("xiezuo " + command + ": " + e.getMessage()));
            return e.exitCode();
        } catch (ImportRejected e) {
            err.println(line("xiezuo " + command + ": " + e.fileName() + ": " + e.getMessage()));
            return UNUSABLE_INPUT;
        } catch (RuntimeException e) {
            err.println(line("xiezuo " + command + ": 内部错误：" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : "：" + e.getMessage())));
            return INTERNAL_ERROR;
        }
    }

    private static int parse(CliArguments arguments, PrintStream out) {
        Path file = Path.of(arguments.requirePositional(0, "FILE（任务书文件）"));
        TaskBookParser parser = new TaskBookParser(importerSettings(arguments));
        out.println(TaskBookJson.write(parser.parse(file)));
        return OK;
    }

    /** The importer limits from {@code --xiezuo.importer.*} options, system properties and the environment. */
    static ImporterSettings importerSettings(CliArguments arguments) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(
                new SimpleCommandLinePropertySource(arguments.springArgs().toArray(String[]::new)));
        return Binder.get(environment).bind("xiezuo.importer", ImporterSettings.class)
                .orElseGet(ImporterSettings::defaults);
    }

    private static int help(PrintStream out) {
        out.println("""
                用法：java -jar xiezuo.jar COMMAND [参数] [--选项 值 | --选项=值] [--xiezuo.data-dir=目录]

                命令：
                  parse FILE            解析任务书（.txt/.md/.docx/.xlsx），以 JSON 输出，不访问数据库
                  import FILE [--update] 导入任务书到数据库，输出 {"planId": N}；同一文号和标题已存在时
                                        需加 --update 才会更新
                  audit-verify          校验审计日志的哈希链，完整时输出记录数；被篡改时指出第一条
                                        被篡改的记录，退出码 3
                  user add --username U --name N --role 角色 [--role …] [--unit 单位 …]
                        [--password P] [--phone 手机号] [--email 邮箱]
                                        创建账号，输出 {"accountId", "username", "temporaryPassword"}；
                                        不给 --password 时生成临时密码（只显示一次）
                  ledger-import --plan ID --kind 类别 FILE [--valid-only]
                                        导入台账（.xlsx），输出 {"accepted","updated","duplicates","rejected","warnings"}；
                                        默认严格模式：有错误行则不写入，退出码 3
                  indicator-values --plan ID [--as-of YYYY-MM-DD]
                                        输出任务书各指标截至该日的完成数及来源（ledger|report|none）
                  assess --plan ID [--as-of YYYY-MM-DD] [--known-on YYYY-MM-DD]
                                        输出任务书截至该日的考核结果（时序进度、完成率、状态、预测、得分、
                                        等次、单位排名），JSON；--known-on 只计该日及以前审核或录入的数据
                  export --plan ID [--as-of YYYY-MM-DD] --format xlsx|docx --out FILE
                                        导出指标完成情况表（xlsx）或工作进展情况通报（docx），输出文件路径
                  rotate-keys           将已存储的身份证号、手机号重新加密到当前密钥（可中断后重跑）
                  evidence-check [--delete-unreferenced [--older-than 24h]]
                                        核对佐证材料记录与存储（恢复后或定期）：引用找不到文件或 SHA-256
                                        不符时退出码 3；加 --delete-unreferenced 时删除早于时限且无记录
                                        引用的文件（记入审计），从不删除被引用的文件
                  help                  显示本帮助

                退出码：0 完成；1 内部错误；2 输入或参数不可用；3 校验未通过（未写入；审计日志被篡改）；
                      4 数据库不可用或被占用
                详见 docs/cli.md""");
        return OK;
    }

    static String line(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
