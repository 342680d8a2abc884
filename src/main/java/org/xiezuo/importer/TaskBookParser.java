package org.xiezuo.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiezuo.importer.internal.DocumentParsing;

/**
 * Parses a task-book document (.txt/.md, .docx, .xlsx) into a {@link ParsedTaskBook}; touches no
 * database. Every way a file can be unusable ends in {@link ImportRejected} with a message for the
 * user: size, format, unsafe archive, corrupt content, a parser crash (with a correlation id in the
 * log) or a parse that takes longer than the configured limit.
 */
public final class TaskBookParser {

    private static final Logger log = LoggerFactory.getLogger(TaskBookParser.class);
    private static final long STACK_BYTES = 4L << 20;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ImporterSettings settings;
    private final Semaphore permits;

    public TaskBookParser(ImporterSettings settings) {
        this.settings = settings;
        this.permits = new Semaphore(Math.max(1, settings.concurrentParses()));
    }

    public ImporterSettings settings() { return settings; }

    /** Reads and parses a file, refusing it before reading when it is over the size limit. */
    public ParsedTaskBook parse(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (Files.isDirectory(file)) throw new ImportRejected(name, "「" + file + "」是目录，不是文件");
            long size = Files.size(file);
            checkSize(name, size);
            try (InputStream in = Files.newInputStream(file)) {
                return parse(name, in.readNBytes((int) size));
            }
        } catch (NoSuchFileException e) {
            throw new ImportRejected(name, "文件不存在：" + file);
        } catch (IOException e) {
            throw new ImportRejected(name, "无法读取文件：" + file);
        }
    }

    public ParsedTaskBook parse(String fileName, byte[] content) {
        String name = fileName == null || fileName.isBlank() ? "未命名文件" : fileName;
        checkSize(name, content.length);
        acquire(name);
        FutureTask<ParsedTaskBook> job = new FutureTask<>(() -> new DocumentParsing(settings).parse(name, content));
        // The permit goes back when the worker ends, not when the caller stops waiting: a parse that
        // ignores the interrupt after a timeout still counts against concurrentParses, so runaway parses
        // cannot pile up.
        Runnable work = () -> {
            try {
                job.run();
            } finally {
                permits.release();
            }
        };
        try {
            Thread worker = new Thread(null, work, "taskbook-parse-" + THREADS.incrementAndGet(), STACK_BYTES);
            worker.setDaemon(true);
            worker.start();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
        try {
            return job.get(settings.parseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new ImportRejected(name, "文件解析超时（超过" + timeoutText() + "），已停止，请检查文件内容");
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new ImportRejected(name, "文件解析被中断，请重试");
        } catch (ExecutionException e) {
            throw translate(name, e.getCause());
        }
    }

    /** “60秒”, or “500毫秒” for a limit that is not whole seconds. */
    private String timeoutText() {
        long millis = settings.parseTimeout().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "秒" : millis + "毫秒";
    }

    private void checkSize(String name, long size) {
        if (size == 0) throw new ImportRejected(name, "文件为空");
        if (size > settings.maxFileSize().toBytes()) {
            throw new ImportRejected(name, "文件超过" + settings.maxFileSizeText() + "上限");
        }
    }

    private void acquire(String name) {
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new ImportRejected(name, "导入任务繁忙，请稍后再试");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportRejected(name, "导入被中断，请重试");
        }
    }

    private static ImportRejected translate(String name, Throwable failure) {
        if (failure instanceof ImportRejected rejected) return rejected;
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.warn("Task-book document could not be parsed [correlation {}]: {}", id, failure.getClass().getName(), failure);
        return new ImportRejected(name, "文件无法解析（错误编号 " + id + "），请确认文件未损坏并为 Word/Excel/文本格式");
    }
}
