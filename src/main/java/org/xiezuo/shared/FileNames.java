package org.xiezuo.shared;

import java.text.Normalizer;

import org.jspecify.annotations.Nullable;

/**
 * Uploaded file names are metadata only: no path, no control or invisible format characters (such as the
 * right-to-left override that makes “xcod.exe” read “exe.docx”), no broken surrogate pairs, bounded
 * length with the extension kept. Used for task-book documents and evidence files alike.
 */
public final class FileNames {

    public static final int MAX_LENGTH = 200;

    private FileNames() {}

    public static String sanitise(@Nullable String original) {
        String name = original == null ? "" : Normalizer.normalize(original, Normalizer.Form.NFC);
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (cut >= 0) name = name.substring(cut + 1);
        name = name.replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Cs}\\u2028\\u2029]", "")
                .replaceAll("[<>:\"|?*%]", "_")
                .strip();
        while (name.startsWith(".")) name = name.substring(1);
        if (name.isBlank()) name = "未命名文件";
        if (name.length() > MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            int keep = MAX_LENGTH - extension.length();
            if (Character.isHighSurrogate(name.charAt(keep - 1))) keep--; // never split a pair such as 𠮷
            name = name.substring(0, keep) + extension;
        }
        return name;
    }
}
