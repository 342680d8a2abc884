package org.xiezuo.supervision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.Figures;
import org.xiezuo.export.BulletinDocument;

/**
 * An issued order as a .docx notice in the official-document format of the bulletin (GB/T 9704 basics):
 * title 督办单, the number centred, the addressed units, the matter, the figures of the lag as of issue,
 * the requirement and the response deadline, the issuer and the date in Chinese form.
 */
public final class OrderNotice {

    private OrderNotice() {}

    public static String fileName(Order order) {
        return "督办单" + (order.number() == null ? "（草稿）" : order.number()) + ".docx";
    }

    public static void write(Order order, String issuer, OutputStream out) {
        try (XWPFDocument doc = BulletinDocument.officialDocument()) {
            BulletinDocument.title(doc, "督　办　单");
            BulletinDocument.centred(doc, order.number() == null ? "（草稿，未签发）" : order.number());
            XWPFParagraph to = BulletinDocument.paragraph(doc, 0,
                    order.parts().stream().map(Order.Part::unitName).collect(Collectors.joining("、")) + "：");
            to.setIndentationFirstLine(0);
            BulletinDocument.paragraph(doc, 1, "一、督办事项");
            BulletinDocument.paragraph(doc, 0, order.matter());
            BulletinDocument.paragraph(doc, 1, "二、有关情况");
            BulletinDocument.paragraph(doc, 0, order.evidence());
            BulletinDocument.paragraph(doc, 1, "三、督办要求");
            BulletinDocument.paragraph(doc, 0, order.requirement());
            BulletinDocument.paragraph(doc, 0, "请于" + Figures.date(order.responseDeadline()) + "前将整改措施和预计完成时间反馈" + issuer + "。");
            XWPFParagraph signature = BulletinDocument.paragraph(doc, 0, issuer);
            signature.setAlignment(ParagraphAlignment.RIGHT);
            XWPFParagraph date = BulletinDocument.paragraph(doc, 0, Figures.date(order.issuedAt() == null ? null
                    : java.time.LocalDate.ofInstant(order.issuedAt(), Assessor.ZONE)));
            date.setAlignment(ParagraphAlignment.RIGHT);
            doc.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
