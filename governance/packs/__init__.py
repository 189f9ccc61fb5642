"""The annual committee pack: its snapshot (snapshot.py), its PDF (pdf.py) and its workbook (xlsx.py)."""
