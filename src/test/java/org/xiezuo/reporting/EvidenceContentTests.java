package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.xiezuo.reporting.EvidenceRefused.Reason;

/**
 * The content check of evidence files without Spring (SECURITY.md T37): real files of each allowed kind
 * pass under each of their extensions; disguised files are refused by their bytes, each message naming
 * the file and what it really is.
 */
class EvidenceContentTests {

    private final EvidenceContent content = new EvidenceContent(EvidenceSettings.defaults());

    @Test
    void realFilesOfEachAllowedKindAreAccepted() {
        assertThat(content.check("结对协议.pdf", EvidenceSamples.pdf())).isEqualTo(EvidenceType.PDF);
        assertThat(content.check("现场照片.JPG", EvidenceSamples.jpeg())).isEqualTo(EvidenceType.JPEG);
        assertThat(content.check("现场照片.jpeg", EvidenceSamples.jpeg())).isEqualTo(EvidenceType.JPEG);
        assertThat(content.check("截图.png", EvidenceSamples.png())).isEqualTo(EvidenceType.PNG);
        assertThat(content.check("名单.docx", EvidenceSamples.docx())).isEqualTo(EvidenceType.DOCX);
        assertThat(content.check("名单.xlsx", EvidenceSamples.xlsx())).isEqualTo(EvidenceType.XLSX);
    }

    @Test
    void T37_anHtmlPageRenamedPdfIsRefusedByItsContent() {
        assertThatThrownBy(() -> content.check("evil.pdf", EvidenceSamples.html()))
                .isInstanceOf(EvidenceRefused.class)
                .hasMessage("「evil.pdf」的内容不是PDF 文件（实际是网页（HTML）），扩展名与内容不符，已拒绝")
                .extracting("reason").isEqualTo(Reason.CONTENT);
    }

    @Test
    void T37_anSvgWithScriptIsRefusedAsSvgAndAsAPicture() {
        assertThatThrownBy(() -> content.check("logo.svg", EvidenceSamples.svg()))
                .hasMessage("「logo.svg」的类型（.svg）不允许上传；佐证材料只接受 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）文件")
                .extracting("reason").isEqualTo(Reason.TYPE);
        assertThatThrownBy(() -> content.check("logo.png", EvidenceSamples.svg()))
                .hasMessage("「logo.png」的内容不是PNG 图片（实际是SVG 图像（可含脚本）），扩展名与内容不符，已拒绝");
    }

    @Test
    void T37_aJspIsRefusedByItsExtensionAndWhenRenamed() {
        assertThatThrownBy(() -> content.check("shell.jsp", EvidenceSamples.jsp())).hasMessageContaining("（.jsp）不允许上传");
        assertThatThrownBy(() -> content.check("shell.jpg", EvidenceSamples.jsp()))
                .hasMessage("「shell.jpg」的内容不是JPG 图片（实际是服务器端脚本（JSP/ASP）），扩展名与内容不符，已拒绝");
    }

    @Test
    void T37_aPdfZipPolyglotIsRefused() {
        assertThatThrownBy(() -> content.check("协议.pdf", EvidenceSamples.pdfZipPolyglot()))
                .hasMessage("「协议.pdf」的内容异常：PDF 文件中夹带了压缩包（可同时按两种格式读取的文件），已拒绝");
    }

    @Test
    void T37_anExeRenamedPdfIsRefused() {
        assertThatThrownBy(() -> content.check("报告.pdf", EvidenceSamples.exe()))
                .hasMessage("「报告.pdf」的内容不是PDF 文件（实际是可执行程序），扩展名与内容不符，已拒绝");
        assertThatThrownBy(() -> content.check("setup.exe", EvidenceSamples.exe())).hasMessageContaining("（.exe）不允许上传");
    }

    @Test
    void officeFilesMustBeWhatTheirExtensionSaysWithoutMacrosAndPassTheArchiveChecks() {
        assertThatThrownBy(() -> content.check("名单.xlsx", EvidenceSamples.docx()))
                .hasMessage("「名单.xlsx」的内容不是Excel 工作簿（.xlsx）（实际是Word 文档（.docx）），扩展名与内容不符，已拒绝");
        assertThatThrownBy(() -> content.check("文件.docx", EvidenceSamples.zip(Map.of("a.txt", new byte[] {1}))))
                .hasMessageContaining("（实际是压缩包）");
        assertThatThrownBy(() -> content.check("宏.docx", EvidenceSamples.docxWithMacros()))
                .hasMessage("「宏.docx」含有宏（VBA 代码），已拒绝；请另存为不含宏的Word 文档（.docx）后上传");
        byte[] duplicated = duplicateEntry(EvidenceSamples.docx());
        assertThatThrownBy(() -> content.check("重复.docx", duplicated)).hasMessageStartingWith("「重复.docx」未通过安全检查：文件结构异常");
        assertThatThrownBy(() -> content.check("说明.docx", EvidenceSamples.pdf()))
                .hasMessage("「说明.docx」的内容不是Word 文档（.docx）（实际是PDF 文件），扩展名与内容不符，已拒绝");
    }

    @Test
    void emptyNamelessAndOversizeFilesAreRefusedNamingTheLimit() {
        assertThatThrownBy(() -> content.check("空.pdf", new byte[0])).hasMessage("「空.pdf」是空文件，未保存");
        assertThatThrownBy(() -> content.check("README", EvidenceSamples.pdf())).hasMessageContaining("没有扩展名");
        EvidenceContent small = new EvidenceContent(new EvidenceSettings(DataSize.ofKilobytes(1), null, 1000,
                DataSize.ofMegabytes(200)));
        assertThatThrownBy(() -> small.check("大.png", new byte[2048])).hasMessage("「大.png」文件超过1KB上限，未保存")
                .extracting("reason").isEqualTo(Reason.TOO_LARGE);
    }

    /** The same zip with its first entry written twice (different content), as CVE-2025-31672 files are. */
    private static byte[] duplicateEntry(byte[] zip) {
        Map<String, byte[]> parts = EvidenceSamples.UploadParts.of(zip);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            String first = parts.keySet().iterator().next();
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry(part.getKey()));
                z.write(part.getValue());
                z.closeEntry();
            }
            // a second entry of the same name cannot be written by ZipOutputStream; rename a later one in the bytes instead
            z.putNextEntry(new java.util.zip.ZipEntry(first.replace('C', 'c')));
            z.write(new byte[] {'x'});
            z.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
