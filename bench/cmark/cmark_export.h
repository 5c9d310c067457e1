/* What CMake's GenerateExportHeader writes for cmark, for a static build: the export macros expand to nothing. */
#ifndef CMARK_EXPORT_H
#define CMARK_EXPORT_H
#define CMARK_STATIC_DEFINE
#define CMARK_EXPORT
#define CMARK_NO_EXPORT
#endif
