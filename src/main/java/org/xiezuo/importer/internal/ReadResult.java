package org.xiezuo.importer.internal;

import java.util.List;

import org.xiezuo.importer.ParsedTaskBook.Warning;

/** Blocks of one document plus what the reader itself found doubtful (hidden sheets, formulas). */
record ReadResult(List<Block> blocks, List<Warning> warnings) {
    ReadResult {
        blocks = List.copyOf(blocks);
        warnings = List.copyOf(warnings);
    }
}
