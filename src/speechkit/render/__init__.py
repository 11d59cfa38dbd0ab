"""BUILD: outline → Document → .docx / .txt / .md / .pdf (build, templating, the kinds on offer, plain text)."""
