from foi_extract.cli import app

app()
