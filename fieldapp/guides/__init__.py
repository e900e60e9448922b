"""Guide cards for citizens: short step-by-step cards shown by volunteers, shared by QR code and
link, printed as leaflets (issue 8). The cards are content files in `content/`, reviewed like code."""
