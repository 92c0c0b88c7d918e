"""Monthly digests: model, builder, renderers, and the privacy gate they share.

Public API (imported from the modules, so `digest.privacy` stays light to import):
`digest.builder.build_digest`, `digest.builder.build_rows`, `digest.export.export_csv` (a
long range's CSV, streamed), `digest.periods.month_range`,
`digest.periods.last_month_range`, `digest.render.render`, `digest.render.write_formats`,
`digest.render.FORMATS`, `digest.labels.LABELS`, `digest.errors.DigestError`.
"""
