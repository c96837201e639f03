//! The children of the WordprocessingML elements docx-rs writes out of the schema's order,
//! put in it: `w:rPr` before `w:pPr` in a style, `w:sz` before `w:rFonts`, an empty `w:rPr`
//! first in a paragraph's `w:pPr`, `w:zoom` after `w:defaultTabStop` in the settings. Word
//! reports "unreadable content" and offers to repair a file for less; the OOXML validator the
//! tests run (openxml-audit) names each. The small parts (styles, numbering, settings, headers
//! and footers) are rewritten from slices of their own text, so nothing but the order changes;
//! an empty `w:rPr` where the schema has none (in a style's or a numbering level's paragraph
//! properties) is dropped.

/// The order of the children of `element` in the schema (local names), or None for an
/// element whose children are left as they are.
fn order(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "style" => &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
        "rPr" => &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
        "pPr" => &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
        "lvl" => &[
            "start",
            "numFmt",
            "lvlRestart",
            "pStyle",
            "isLgl",
            "suff",
            "lvlText",
            "lvlPicBulletId",
            "legacy",
            "lvlJc",
            "pPr",
            "rPr",
        ],
        "settings" => &[
            "writeProtection",
            "view",
            "zoom",
            "removePersonalInformation",
            "removeDateAndTime",
            "doNotDisplayPageBoundaries",
            "displayBackgroundShape",
            "printPostScriptOverText",
            "printFractionalCharacterWidth",
            "printFormsData",
            "embedTrueTypeFonts",
            "embedSystemFonts",
            "saveSubsetFonts",
            "saveFormsData",
            "mirrorMargins",
            "alignBordersAndEdges",
            "bordersDoNotSurroundHeader",
            "bordersDoNotSurroundFooter",
            "gutterAtTop",
            "hideSpellingErrors",
            "hideGrammaticalErrors",
            "activeWritingStyle",
            "proofState",
            "formsDesign",
            "attachedTemplate",
            "linkStyles",
            "stylePaneFormatFilter",
            "stylePaneSortMethod",
            "documentType",
            "mailMerge",
            "revisionView",
            "trackRevisions",
            "doNotTrackMoves",
            "doNotTrackFormatting",
            "documentProtection",
            "autoFormatOverride",
            "styleLockTheme",
            "styleLockQFSet",
            "defaultTabStop",
            "autoHyphenation",
            "consecutiveHyphenLimit",
            "hyphenationZone",
            "doNotHyphenateCaps",
            "showEnvelope",
            "summaryLength",
            "clickAndTypeStyle",
            "defaultTableStyle",
            "evenAndOddHeaders",
            "bookFoldRevPrinting",
            "bookFoldPrinting",
            "bookFoldPrintingSheets",
            "drawingGridHorizontalSpacing",
            "drawingGridVerticalSpacing",
            "displayHorizontalDrawingGridEvery",
            "displayVerticalDrawingGridEvery",
            "doNotUseMarginsForDrawingGridOrigin",
            "drawingGridHorizontalOrigin",
            "drawingGridVerticalOrigin",
            "doNotShadeFormData",
            "noPunctuationKerning",
            "characterSpacingControl",
            "printTwoOnOne",
            "strictFirstAndLastChars",
            "noLineBreaksAfter",
            "noLineBreaksBefore",
            "savePreviewPicture",
            "doNotValidateAgainstSchema",
            "saveInvalidXml",
            "ignoreMixedContent",
            "alwaysShowPlaceholderText",
            "doNotDemarcateInvalidXml",
            "saveXmlDataOnly",
            "useXSLTWhenSaving",
            "saveThroughXslt",
            "showXMLTags",
            "alwaysMergeEmptyNamespace",
            "updateFields",
            "hdrShapeDefaults",
            "footnotePr",
            "endnotePr",
            "compat",
            "docVars",
            "rsids",
            "mathPr",
            "attachedSchema",
            "themeFontLang",
            "clrSchemeMapping",
            "doNotIncludeSubdocsInStats",
            "doNotAutoCompressPictures",
            "forceUpgrade",
            "captions",
            "readModeInkLockDown",
            "smartTagType",
            "schemaLibrary",
            "shapeDefaults",
            "doNotEmbedSmartTags",
            "decimalSymbol",
            "listSeparator",
        ],
        _ => return None,
    })
}

/// `xml` with the children of every element above in the schema's order; `xml` as it is when
/// it does not parse (the validator then says so).
pub fn schema_order(xml: &str) -> String {
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return xml.to_string();
    };
    let root = doc.root_element();
    let mut out = String::with_capacity(xml.len());
    out.push_str(&xml[..root.range().start]);
    write(root, xml, &mut out);
    out.push_str(&xml[root.range().end..]);
    out
}

fn write(node: roxmltree::Node, src: &str, out: &mut String) {
    let children: Vec<roxmltree::Node> = node.children().collect();
    let (Some(first), Some(last)) = (children.first(), children.last()) else {
        out.push_str(&src[node.range()]);
        return;
    };
    out.push_str(&src[node.range().start..first.range().start]);
    let mut kept: Vec<roxmltree::Node> = children
        .iter()
        .copied()
        .filter(|c| !stray_run_properties(node, *c))
        .collect();
    if let Some(order) = order(node.tag_name().name()) {
        // Elements the list does not name keep their place after those it does (stable).
        let rank = |c: &roxmltree::Node| {
            if !c.is_element() {
                return order.len();
            }
            order
                .iter()
                .position(|n| *n == c.tag_name().name())
                .unwrap_or(order.len())
        };
        kept.sort_by_key(rank);
    }
    for child in kept {
        if child.is_element() {
            write(child, src, out);
        } else {
            out.push_str(&src[child.range()]);
        }
    }
    out.push_str(&src[last.range().end..node.range().end]);
}

/// An empty `w:rPr` in paragraph properties that the schema gives none: those of a style, a
/// numbering level or the document defaults.
fn stray_run_properties(parent: roxmltree::Node, child: roxmltree::Node) -> bool {
    let outer = parent.parent_element().map(|p| p.tag_name().name());
    parent.tag_name().name() == "pPr"
        && matches!(outer, Some("style" | "lvl" | "pPrDefault"))
        && child.tag_name().name() == "rPr"
        && !child.has_children()
}

#[cfg(test)]
mod tests {
    use super::schema_order;

    #[test]
    fn children_come_in_the_schema_order() {
        let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let style = format!(
            r#"<w:styles {w}><w:style w:styleId="a"><w:name w:val="a" /><w:rPr><w:sz w:val="32" /><w:rFonts w:ascii="x" /></w:rPr><w:pPr><w:rPr /><w:jc w:val="left" /></w:pPr></w:style></w:styles>"#
        );
        assert_eq!(
            schema_order(&style),
            format!(
                r#"<w:styles {w}><w:style w:styleId="a"><w:name w:val="a" /><w:pPr><w:jc w:val="left" /></w:pPr><w:rPr><w:rFonts w:ascii="x" /><w:sz w:val="32" /></w:rPr></w:style></w:styles>"#
            )
        );
        let footer = format!(
            r#"<w:ftr {w}><w:p><w:pPr><w:rPr /><w:pStyle w:val="p" /></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r></w:p></w:ftr>"#
        );
        assert_eq!(
            schema_order(&footer),
            footer.replace(
                "<w:rPr /><w:pStyle w:val=\"p\" />",
                "<w:pStyle w:val=\"p\" /><w:rPr />"
            )
        );
    }
}
