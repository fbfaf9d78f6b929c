"""The duties Inpres 2/2021 and its follow-ups give a regency or city: the checklist a region's
tasks are seeded from (`services.tasks_seed`). Pure data, each duty with its legal basis, where
it was read and how sure we are (H high, M medium, L low — not verified). The sources name the
press reports the duty was read in; the instruction itself is Inpres 2/2021 (25 March 2021).

The duty texts are the regency's own words for its checklist (Indonesian, like its other
documents); the admin edits them after seeding.

>>> [duty.key for duty in DUTIES]
['regulation', 'budget', 'non_asn_village', 'vulnerable', 'licensing_procurement', 'report']
>>> {duty.key: duty.confidence for duty in DUTIES}["licensing_procurement"]
'L'
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Duty:
    key: str  # stable: seeding twice creates nothing new
    duty: str
    legal_basis: str
    source: str
    confidence: str  # "H", "M" or "L"
    note: str = ""


DUTIES: tuple[Duty, ...] = (
    Duty(
        key="regulation",
        duty="Menyusun dan menetapkan regulasi daerah (Perda/Perbup/Perwali) tentang optimalisasi "
        "jaminan sosial ketenagakerjaan",
        legal_basis="Inpres 2/2021, diktum untuk gubernur dan bupati/wali kota angka 1",
        source="bidik.news; antaranews sumut; realitasonline.id",
        confidence="H",
    ),
    Duty(
        key="budget",
        duty="Mengalokasikan anggaran program jaminan sosial ketenagakerjaan dalam RKPD dan APBD",
        legal_basis="Inpres 2/2021 angka 1; SE Mendagri 842.2/5193/SJ (11 Nov 2021); "
        "Permendagri pedoman APBD 27/2021, 84/2022, 15/2023",
        source="kabaran.id; suaratanjab.com; jabarekspres.com",
        confidence="H",
    ),
    Duty(
        key="non_asn_village",
        duty="Mendaftarkan pegawai pemerintah non-ASN, penyelenggara pemilu dan aparatur desa "
        "(termasuk BPD/LKD, RT/RW) sebagai peserta aktif, dibiayai APBD (bukan Dana Desa)",
        legal_basis="Inpres 2/2021 angka 2 huruf b; Permendagri 15/2023; Permenaker 1/2025",
        source="faktahukumntt.com; rantaujayaudik2.web.id; inforegulasi.com",
        confidence="H",
        note="Permenaker 1/2025 (M): formulir diserahkan dalam 30 hari kerja",
    ),
    Duty(
        key="vulnerable",
        duty="Melindungi pekerja rentan (BPU, miskin dan miskin ekstrem) dalam program JKK dan JKM",
        legal_basis="Inpres 2/2021 angka 2; Permendagri 15/2023; Inpres 4/2022",
        source="jabarekspres.com; djsn.go.id",
        confidence="H",
    ),
    Duty(
        key="licensing_procurement",
        duty="Mensyaratkan kepesertaan BPJS Ketenagakerjaan dalam perizinan berusaha dan "
        "pengadaan barang/jasa pemerintah",
        legal_basis="PP 86/2013 (sanksi tidak mendapat pelayanan publik tertentu); "
        "rumusan Inpres 2/2021 kepada BKPM/LKPP belum diverifikasi",
        source="teks Inpres No. 2 Tahun 2021 belum dibaca untuk tugas ini",
        confidence="L",
        note="Rumusan belum diverifikasi: periksa teks Inpres sebelum mengutipnya",
    ),
    Duty(
        key="report",
        duty="Menyampaikan laporan pelaksanaan Inpres 2/2021 setiap enam bulan",
        legal_basis="Inpres 2/2021 (Menko PMK melapor kepada Presiden setiap 6 bulan)",
        source="antaranews sumut",
        confidence="M",
        note="Kewajiban enam bulanan ada pada Menko PMK (H); bagian kabupaten disimpulkan",
    ),
)
