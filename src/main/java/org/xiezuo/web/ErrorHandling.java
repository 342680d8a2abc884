package org.xiezuo.web;

import java.net.URI;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.BindException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.ModelAndView;
import org.xiezuo.audit.AuditUnavailable;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Busy;
import org.xiezuo.shared.NotFound;

/**
 * Turns exceptions into answers: a Chinese error page for browsers, RFC 9457 problem details under
 * {@code /api/}. No stack trace, SQL or class name ever reaches the user; unexpected errors carry a
 * correlation id that is also in the log.
 */
@ControllerAdvice
class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    private final ObjectProvider<MultipartProperties> multipart;

    ErrorHandling(ObjectProvider<MultipartProperties> multipart) {
        this.multipart = multipart;
    }

    @ExceptionHandler(NotFound.class)
    Object notFound(NotFound e, HttpServletRequest request) {
        return answer(request, HttpStatus.NOT_FOUND, "未找到", e.getMessage(), null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object badArgument(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return answer(request, HttpStatus.NOT_FOUND, "未找到", "请求的地址无效", null);
    }

    /**
     * A request the page or client did not build as the endpoint expects (a missing parameter or file, a
     * field of the wrong type, not a multipart upload): 400 with what is wrong, never a system error.
     */
    @ExceptionHandler({MissingServletRequestParameterException.class, MissingServletRequestPartException.class,
            BindException.class, MultipartException.class, HttpMessageNotReadableException.class,
            ServletRequestBindingException.class})
    Object badRequest(Exception e, HttpServletRequest request) {
        String detail;
        if (e instanceof MissingServletRequestParameterException missing) {
            detail = "请求缺少参数「" + missing.getParameterName() + "」";
        } else if (e instanceof MissingServletRequestPartException missing) {
            detail = "请求缺少文件「" + missing.getRequestPartName() + "」";
        } else if (e instanceof BindException binding) {
            detail = "提交的内容不完整或格式不正确：" + binding.getFieldErrors().stream()
                    .map(f -> "字段「" + f.getField() + "」").distinct().collect(Collectors.joining("、"));
        } else if (e instanceof MultipartException) {
            detail = "请以文件上传（multipart/form-data）方式提交";
        } else if (e instanceof HttpMessageNotReadableException) {
            detail = "请求内容无法读取，请检查格式";
        } else {
            detail = "请求格式不正确";
        }
        return answer(request, HttpStatus.BAD_REQUEST, "请求有误", detail, "bad-request");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    Object unsupportedType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return answer(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "请求有误", "不支持的内容类型", "unsupported-media-type");
    }

    @ExceptionHandler(AccessDenied.class)
    Object denied(AccessDenied e, HttpServletRequest request) {
        return answer(request, HttpStatus.FORBIDDEN, "没有权限", e.getMessage(), null);
    }

    @ExceptionHandler(BusinessRuleViolation.class)
    Object rule(BusinessRuleViolation e, HttpServletRequest request) {
        return answer(request, HttpStatus.CONFLICT, "操作未执行", e.getMessage(), e.code());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    Object concurrentChange(OptimisticLockingFailureException e, HttpServletRequest request) {
        return answer(request, HttpStatus.CONFLICT, "操作未执行", "该记录已被他人修改，请刷新后重试", "concurrent-change");
    }

    /**
     * The database could not be reached, dropped the connection (a restart, a failover, a killed session)
     * or asked to retry (deadlock, serialisation, lock or query timeout): the transaction was rolled back,
     * so the change is not saved, and the same request may well succeed in a moment — the pool replaces
     * broken connections by itself (SECURITY.md T71). 503 with Retry-After, and the message users read.
     */
    @ExceptionHandler({TransientDataAccessException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class, TransactionSystemException.class})
    Object databaseBusy(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (!DatabaseTrouble.transientFailure(e)) return unexpected(e, request, response);
        return busy(e, request, response);
    }

    private static Object busy(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.warn("Database unavailable or busy [correlation {}] on {} {}: {}", id, request.getMethod(), request.getRequestURI(),
                DatabaseTrouble.describe(e));
        response.setHeader("Retry-After", DatabaseTrouble.RETRY_AFTER_SECONDS);
        return answer(request, HttpStatus.SERVICE_UNAVAILABLE, "操作未完成", DatabaseTrouble.MESSAGE, "database-busy");
    }

    /**
     * The audit row of a change could not be written, so the change was rolled back (等保 8.1.4.3 d). When
     * that was because the database connection itself was lost, the user is told what it is: the system is
     * busy, try again.
     */
    @ExceptionHandler(AuditUnavailable.class)
    Object auditUnavailable(AuditUnavailable e, HttpServletRequest request, HttpServletResponse response) {
        if (DatabaseTrouble.connectionLost(e)) return busy(e, request, response);
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("Audit trail unavailable [correlation {}] on {} {}", id, request.getMethod(), request.getRequestURI(), e);
        return answer(request, HttpStatus.SERVICE_UNAVAILABLE, "操作未执行", e.getMessage(), "audit-unavailable");
    }

    /**
     * The instance is at its limit for this kind of work (e.g. three ledger exports already running): 503
     * with {@code Retry-After}, the page or problem detail saying to try later. Not 409 (nothing about the
     * data refused it) and not 429 (the limit is the instance's, not the client's request rate).
     */
    @ExceptionHandler(Busy.class)
    Object busy(Busy e, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        return answer(request, HttpStatus.SERVICE_UNAVAILABLE, "请稍后再试", e.getMessage(), e.code());
    }

    /**
     * Over the multipart limit. The servlet container does not say which limit, so the answer names the
     * per-file limit ({@code spring.servlet.multipart.max-file-size}), the one people meet.
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    Object tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        long limit = e.getMaxUploadSize();
        MultipartProperties limits = multipart.getIfAvailable();
        if (limit <= 0 && limits != null && limits.getMaxFileSize() != null) limit = limits.getMaxFileSize().toBytes();
        String size = limit <= 0 ? "上传大小" : limit % (1024 * 1024) == 0 ? limit / (1024 * 1024) + "MB" : limit / 1024 + "KB";
        return answer(request, HttpStatus.PAYLOAD_TOO_LARGE, "文件过大", "文件超过" + size + "上限，未保存", "upload.too-large");
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (e instanceof org.springframework.web.servlet.resource.NoResourceFoundException
                || e instanceof org.springframework.web.servlet.NoHandlerFoundException
                || e instanceof org.springframework.web.HttpRequestMethodNotSupportedException
                || e instanceof org.springframework.security.access.AccessDeniedException
                || e instanceof org.springframework.security.core.AuthenticationException) {
            throw e;
        }
        if (DatabaseTrouble.connectionLost(e)) return busy(e, request, response);
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error [correlation {}] on {} {}", id, request.getMethod(), request.getRequestURI(), e);
        return answer(request, HttpStatus.INTERNAL_SERVER_ERROR, "系统错误",
                "系统出现错误，操作未完成。请稍后重试；如问题持续，请联系管理员并提供错误编号 " + id + "。", id);
    }

    private static Object answer(HttpServletRequest request, HttpStatus status, String title, String detail,
                                 @Nullable String code) {
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setTitle(title);
            if (code != null) problem.setProperty("code", code);
            problem.setInstance(URI.create(request.getRequestURI()));
            return ResponseEntity.status(status).body(problem);
        }
        ModelAndView page = new ModelAndView("error/message", status);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("detail", detail);
        return page;
    }
}
