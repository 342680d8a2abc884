package org.xiezuo.importer;

import java.text.Normalizer;

/** Uploaded file names are metadata only: no path, no control characters, bounded length. */
final class FileNames {

    static final int MAX_LENGTH = 200;

    private FileNames() {}

    static String sanitise(String original) {
        String name = original == null ? "" : Normalizer.normalize(original, Normalizer.Form.NFC);
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (cut >= 0) name = name.substring(cut + 1);
        name = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "")
                .replaceAll("[<>:\"|?*%]", "_")
                .strip();
        while (name.startsWith(".")) name = name.substring(1);
        if (name.isBlank()) name = "未命名文件";
        if (name.length() > MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_LENGTH - extension.length()) + extension;
        }
        return name;
    }
}
