"""Vietnamese text: NFC, legacy encodings, name keys, collation and day-first dates."""
