package org.xiezuo.security.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.Cookie;

import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xiezuo.shared.Actor;
import org.xiezuo.unit.District;
import org.xiezuo.unit.Organisation;
import org.xiezuo.unit.UnitSpec;

/**
 * What the account page tests share: districts of their own with units (tests share one database),
 * unique user names, requests with a session cookie, and workbooks built cell by cell.
 */
final class AccountFixtures {

    private AccountFixtures() {}

    /** A district of its own; answers its name and the ids of its units by name. */
    record Place(String district, long districtId, Map<String, Long> units) {
        long unit(String name) {
            Long id = units.get(name);
            if (id == null) throw new IllegalArgumentException("no unit " + name + " in " + district);
            return id;
        }
    }

    static Place place(Organisation organisation, String... unitNames) {
        String name = "测试区" + UUID.randomUUID().toString().substring(0, 8);
        District district = organisation.ensureDistrict(Actor.system(), name, null);
        List<UnitSpec> specs = java.util.Arrays.stream(unitNames).map(u -> new UnitSpec(u, List.of(), null)).toList();
        return new Place(name, district.id(), organisation.ensureUnits(Actor.system(), district.id(), specs, null));
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static MockHttpServletResponse send(MockMvc mvc, MockHttpServletRequestBuilder request, Cookie session) throws Exception {
        return mvc.perform(request.cookie(session).with(csrf())).andReturn().getResponse();
    }

    static String body(MockHttpServletResponse response) throws Exception {
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    static MockHttpServletResponse open(MockMvc mvc, String url, Cookie session) throws Exception {
        return mvc.perform(get(url).cookie(session)).andReturn().getResponse();
    }

    static MockHttpServletRequestBuilder form(String url, String... pairs) {
        MockHttpServletRequestBuilder request = post(url);
        for (int i = 0; i < pairs.length; i += 2) request.param(pairs[i], pairs[i + 1]);
        return request;
    }

    /** A workbook of one sheet; a cell value starting with “=” becomes a formula, a Number a numeric cell. */
    static byte[] workbook(List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = workbook.createSheet("账号");
            for (int r = 0; r < rows.size(); r++) {
                XSSFRow row = sheet.createRow(r);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    if (value == null) continue;
                    XSSFCell cell = row.createCell(c);
                    if (value instanceof Number number) {
                        cell.setCellValue(number.doubleValue());
                    } else if (value.toString().startsWith("=")) {
                        cell.setCellFormula(value.toString().substring(1));
                    } else {
                        cell.setCellValue(value.toString());
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
