"""Analytics reports without Textual: downloading and verifying segments (``download``) and
reading the TSV files for a table view (``tsv``)."""
