"""LAYOUT: how a .docx departs from GB/T 9704 (check-format, its F rules and their examples), page previews."""
