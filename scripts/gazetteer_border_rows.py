"""The hand-entered table behind ``data/gazetteer_border.csv`` (read by ``derive_gazetteer.py``).

Three kinds of entry:

* :class:`Seat` — a place whose point is a GeoNames record (``gid``) of the
  ``cities500`` table; the record's own spelling variants are added by the script.
  With ``anchor=True`` the record is only an anchor: the place (a post, a
  crossing, a training range) has not been located exactly and is given the
  anchor's point with a wider radius, as the note says.
* :class:`Fixed` — a point given here, with its source in ``note``; ``at=`` names
  a curated row of ``data/gazetteer.csv`` whose point is used instead of numbers.
* :class:`Variants` — extra spellings for a row that ``data/gazetteer.csv``
  already has; written with that row's fields and merged into it at load time.

geo_precision follows ACLED: 1 town/post/crossing located, 2 district (point =
seat) or a site placed at a nearby anchor, 3 region/valley or a site known only
to lie in a large area. radius_km is rough.
"""

from __future__ import annotations

from dataclasses import dataclass

TJ, AF = "Tajikistan", "Afghanistan"
KHT, GBAO, DRS = "Khatlon", "Gorno-Badakhshan", "Districts of Republican Subordination"
BDK, TKH, KDZ, BLK, JWZ, BGL = "Badakhshan", "Takhar", "Kunduz", "Balkh", "Jowzjan", "Baghlan"
FRY, BDG = "Faryab", "Badghis"


@dataclass(frozen=True)
class Seat:
    gid: int
    name: str
    kind: str
    admin1: str
    radius_km: float | None = None
    alts: str = ""
    note: str = ""
    precision: int | None = None  # default: 2 for districts, 1 otherwise (3 when anchor=True and kind=region)
    anchor: bool = False
    drop: str = ""  # GeoNames spellings of the record left out ("|"-separated): another place's name


@dataclass(frozen=True)
class Fixed:
    name: str
    kind: str
    country: str
    admin1: str
    precision: int
    radius_km: float | None
    alts: str
    note: str
    lat: float | None = None
    lon: float | None = None
    at: str = ""  # name of a data/gazetteer.csv row whose point is taken


@dataclass(frozen=True)
class Variants:
    name: str  # exactly as in data/gazetteer.csv
    alts: str


_UNLOCATED = "district seat not found in GeoNames cities500 nor located otherwise; placed at the province (curated row)"

SEATS: tuple[Seat, ...] = (
    # --- Tajikistan: Khatlon districts not yet in data/gazetteer.csv --------------------
    Seat(1221808, "Dusti District", "district", KHT, 20,
         "Dousti District|Dusti district|Jilikul|Jilikul District|Jilikul district|Dzhilikul|Dzhilikul'|"
         "Dzhilikulsky district|Jilikul town",
         "formerly Jilikul district (renamed Dusti); point at its seat Jilikul. Not the town Dusti, seat of Jayhun"),
    Seat(1475483, "Nosiri Khusrav", "district", KHT, 15,
         "Nosiri Khusrav District|Nosiri Khisrav|Nasir Khusraw|Nosir Khusrav|Beshkent district|Bahori",
         "formerly Beshkent district, on the Amu Darya at the Uzbek and Afghan borders; point at its seat Bahori"),
    Seat(1220163, "Vose", "district", KHT, 15,
         "Vose District|Vose'|Vose’|Vosе district|Voseh|Hulbuk|Khulbuk|Imeni Vose",
         "point at its seat Vose (historic Hulbuk)"),
    Seat(1221091, "Muminobod", "district", KHT, 20,
         "Muminobod District|Mu'minobod|Mŭ’minobod|Muminabad|Muminabad district|Mu'minobod district",
         "point at its seat Muminobod"),
    # --- Tajikistan: Khatlon districts behind the border ones (Kulob zone and the Vakhsh valley) --
    Seat(1221965, "Danghara", "district", KHT, 25, "Danghara District|Dangara|Dangara district|Dangharinsky district",
         "point at its seat Danghara"),
    Seat(1220446, "Temurmalik", "district", KHT, 20,
         "Temurmalik District|Temur Malik|Sovetsky district|Sovetskiy district|Sovet district",
         "formerly Sovetsky district; point at its seat Sovet"),
    Seat(1220905, "Norak", "district", KHT, 25, "Norak District|Nurek|Nurek district", "point at its seat Norak"),
    Seat(1221321, "Khovaling", "district", KHT, 25, "Khovaling District|Khavaling|Hovaling",
         "point at its seat Khovaling"),
    Seat(1222192, "Baljuvon", "district", KHT, 25, "Baljuvon District|Baldzhuvon|Baljuan|Baldzhuan",
         "point at its seat Baljuvon"),
    Seat(1220112, "Yovon", "district", KHT, 20, "Yovon District|Yavan district|Javan", "point at its seat Yovon"),
    Seat(1220883, "Khuroson", "district", KHT, 20, "Khuroson District|Khurason|Gozimalik|Ghozimalik|Obikiik",
         "formerly Gozimalik district; point at its seat Obikiik"),
    Seat(1221549, "Levakant", "district", KHT, 15, "Levakant District|Sarband|Sarband district|Kalininabad",
         "formerly Sarband; point at the town"),
    # --- Tajikistan: GBAO and the Rasht/Tavildara valleys ---------------------------------
    Seat(1220694, "Roshtqal'a", "district", GBAO, 30,
         "Roshtqala|Roshtkala|Rosht-Kala|Roshtqal'a District|Roshtkala district", "point at its seat Roshtqal'a"),
    Seat(1220324, "Tavildara", "town", DRS, None, "Tavil-Dara|Tavil'dara|Tovildara|Tavildara town",
         "town in the upper Vakhsh (Khingob) valley"),
    Seat(1220324, "Tavildara valley", "region", DRS, 35, "Tavildara gorge|Tavildara district|Tovildara valley",
         "valley around the town Tavildara; point at the town", precision=3, anchor=True),
    Seat(1221740, "Rasht valley", "region", DRS, 60,
         "Rasht Valley|Rasht district|Karategin|Qarotegin|Gharm valley|Garm valley",
         "upper Vakhsh (Surkhob) valley; point at Rasht (Gharm), its main town", precision=3, anchor=True),
    Seat(1221740, "Gharm", "town", DRS, None, "Garm|Rasht town|Gharm town", "main town of the Rasht valley"),
    Seat(1221740, "Kamarob gorge", "region", DRS, 40, "Kamarob|Komarob gorge|Kamarob Gorge|Qamarob gorge",
         "gorge in the Rasht district; not located exactly: point at Rasht (Gharm), radius covers the district",
         precision=3, anchor=True),
    # --- Tajik frontier posts, border detachments, crossings (anchored at the district seat) --
    Seat(1220576, "Aivaj frontier post", "base", KHT, 30,
         "Aivaj|Ayvaj|Ayvadzh|Aivadzh|Ayvadj|Aivadj|Ayvaj frontier post|Ayvadzh post|Aivaj border post",
         "frontier post in Shahritus district (Asia-Plus 2023-05-29); site not located: point at Shahritus, "
         "radius covers the district",
         precision=2, anchor=True),
    Seat(1220576, "Mehnat frontier post", "base", KHT, 30, "Mehnat border post|Mehnat post",
         "frontier post in Shahritus district (Asia-Plus 2023-05-29); site not located: point at Shahritus",
         precision=2, anchor=True),
    Seat(1220988, "Sayod frontier post", "base", KHT, 25, "Sayod|Sayyod|Saiod|Sayod border post|Sayod post",
         "frontier post of the Hamadoni border unit (Asia-Plus 2018-04-23); site not located: point at the "
         "district seat",
         precision=2, anchor=True),
    Seat(1220988, "Hamadoni border detachment", "base", KHT, 25,
         "Moskovsky border detachment|Moskovskiy border detachment|Moskovsky detachment|Moskovskiy detachment|"
         "Hamadoni border unit|Hamadoni detachment|Moskovsky border unit|Moscow border detachment|"
         "Moscow frontier detachment|Moskovsky frontier detachment",
         "border unit (otryad) of Hamadoni district; point at the district seat",
         precision=2, anchor=True),
    Seat(1220479, "Bahorak frontier post", "base", KHT, 30,
         "Bahorak|Bakhorak|Bahorak border post|Bahorak post",
         "frontier post of the Shuroobod border unit, Shamsiddin Shohin district (News.tj 2017-12-04); site not "
         "located: point at Shurobod. Not Baharak in Afghanistan",
         precision=2, anchor=True),
    Seat(1220479, "Khirmanjo border unit", "base", KHT, 30,
         "Khirmanjo|Hirmanjo|Hirmandjo|Khirmandzho|Khirmandzhou|Hirmandjo unit|Khirmanjo detachment",
         "border unit in Shamsiddin Shohin district (Times of Central Asia 2024); site not located: point at Shurobod",
         precision=2, anchor=True),
    Seat(1220479, "Kishty", "town", KHT, 30, "Kisht|Kishti|Kishty village",
         "border village in Shamsiddin Shohin district (Times of Central Asia 2024); not located: point at "
         "Shurobod", precision=2, anchor=True),
    Seat(1220479, "Shuroobod border detachment", "base", KHT, 30,
         "Shurobod border detachment|Shuroobod border unit|Shurabad border detachment|Shurobod detachment",
         "border unit of Shamsiddin Shohin district; point at Shurobod",
         precision=2, anchor=True),
    Seat(1220750, "Panj border detachment", "base", KHT, 15,
         "Panj frontier post|Pyanj border detachment|Pyandzh border detachment|Pyanj frontier post|Panj border post|"
         "Panj border unit|Pyandzh detachment",
         "border unit and frontier post at Panj opposite Kunduz (AFP 2016); point at Panj town",
         precision=2, anchor=True),
    Seat(1221559, "Kalaikhumb border detachment", "base", GBAO, 15,
         "Kalaikhumb detachment|Kalai-Khumb border detachment|Qalai Khumb border unit|Darvoz border unit|"
         "Kalai-Khumb detachment",
         "border unit at Qalai Khumb; point at the town",
         precision=2, anchor=True),
    Seat(1221328, "Khorog border detachment", "base", GBAO, 10,
         "Khorog detachment|Khorugh border detachment|Khorog border unit|Khorog garrison",
         "border unit at Khorog; point at the town",
         precision=2, anchor=True),
    Seat(1221614, "Ishkashim border detachment", "base", GBAO, 15,
         "Ishkashim detachment|Ishkoshim border unit|Ishkoshim border detachment",
         "border unit at Ishkoshim (Tajikistan); point at the town",
         precision=2, anchor=True),
    Seat(1220962, "Murghob border detachment", "base", GBAO, 20,
         "Murghab border detachment|Murgab detachment|Murgab border detachment|Murghob border unit",
         "border unit at Murghob; point at the town",
         precision=2, anchor=True),
    Seat(1221328, "Tem bridge", "crossing", GBAO, 5,
         "Tem crossing|Khorog bridge|Khorog crossing|Shaghnan bridge|Shighnan bridge|Tem-Shighnan bridge|"
         "Khorog–Shighnan bridge",
         "bridge at Tem on the western edge of Khorog to Afghan Shighnan; not located exactly: point at Khorog",
         precision=2, anchor=True),
    Seat(1221559, "Ruzvai bridge", "crossing", GBAO, 15,
         "Ruzvai|Ruzvay|Ruzvai crossing|Ruzvay crossing|Darvaz bridge|Darvoz bridge|Darvaz crossing|Darwaz bridge",
         "crossing between Darvoz and Afghan Darwaz (Nusay); not located exactly: point at Qalai Khumb",
         precision=2, anchor=True),
    Seat(1220826, "Kokul crossing", "crossing", KHT, 25, "Kokul|Kokul bridge|Kokul checkpoint",
         "crossing from Farkhor district to Takhar; not located exactly: point at Farkhor", precision=2, anchor=True),
    Seat(1136354, "Khwahan bridge", "crossing", BDK, 5,
         "Shohon crossing|Shokhon crossing|Shohon bridge|Khwahan crossing|Khwahan–Shohon bridge",
         "bridge between Afghan Khwahan and Shamsiddin Shohin district; not located exactly: point at Deh Khwahan",
         precision=2, anchor=True),
    # --- Training ranges (placed at the town the press locates them by) ---------------------
    Seat(1221194, "Momirak training ground", "base", KHT, 50,
         "Momirak|Mumirak|Momirak range|Momirak proving ground|Momirak training range",
         "training ground in Khatlon in the Kulob area (TASS 2021-10-22; Asia-Plus 2021-10-06); site not "
         "located: point at Kulob", precision=3, anchor=True),
    Seat(1220747, "Sambuli training ground", "base", KHT, 40,
         "Sambuli|Sumbuli|Sombuli|Sumbula|Sambuli range|Sambuli training range",
         "range of the 201st base not far from Kurgan-Tyube (TASS 2014-08-11); site not located: point at Bokhtar",
         precision=3, anchor=True),
    Seat(1221874, "Lyaur training ground", "base", DRS, 50,
         "Lyaur|Ljaur|Lohur|Lohour|Lyaur range|Lohur training ground|Lyaur training range",
         "range of the 201st base about 40 km from Dushanbe (Sputnik 2018-04); site not located: point at Dushanbe",
         precision=3, anchor=True),
    Seat(1220883, "Fakhrobod training ground", "base", KHT, 30,
         "Fakhrobod|Fakhrabod|Fahrobod|Fakhrobod range|Fakhrobod military training ground|"
         "Fakhrabad training ground|Fakhrobod training range",
         "range of the Tajik armed forces in Khuroson district, Khatlon (president.tj via EIN Presswire "
         "2022-08-02); site not located: point at Obikiik, the district seat", precision=3, anchor=True),
    Seat(1220747, "Halqayor training ground", "base", KHT, 60,
         "Halqayor|Khalkayor|Khalqayor|Halkayor|Halqayor range|Khalkayor training ground",
         "training ground in Khatlon (Asia-Plus 2016-03-15); site not located: point at Bokhtar", precision=3,
         anchor=True),
    # --- Afghanistan: Badakhshan -------------------------------------------------------------
    Seat(1139085, "Jurm", "district", BDK, 25, "Jurm District|Jorm|Jarm", "point at its seat Jurm"),
    Seat(1135656, "Kuran wa Munjan", "district", BDK, 35,
         "Kuran wa Munjan District|Kuran-o-Munjan|Kuran va Munjan|Koran va Monjan|Koran wa Monjan|Kiran wa Munjan",
         "point at its seat"),
    Seat(1120616, "Zebak", "district", BDK, 25, "Zebak District|Zibak|Zaybak|Zeybak", "point at its seat Zebak"),
    Seat(1137148, "Wakhan District", "district", BDK, 120, "Wakhan district|Khandud|Khandut",
         "district of the Wakhan corridor; point at its seat Khandud"),
    Seat(1131591, "Nusay", "district", BDK, 25,
         "Nusay District|Nusai|Nesay|Darwaz (Afghanistan)|Darwaz-e Payin|Darwaz-i-Payin|Lower Darwaz|"
         "Afghan Darwaz|Darwaz District (Afghanistan)",
         "Darwaz district of Afghan Badakhshan (Darwaz-e Payin); point at its seat Nusay, opposite Qalai Khumb"),
    Seat(1133657, "Maymay", "district", BDK, 25,
         "Maymay District|Maimay|Mahmay|Darwaz-e Bala|Darwaz-i-Bala|Upper Darwaz", "point at its seat Maymay"),
    Seat(1467505, "Raghistan", "district", BDK, 25, "Raghistan District|Ragh|Ziraki",
         "point at its seat Ziraki"),
    Seat(1144121, "Darayim", "district", BDK, 20, "Darayim District|Darayem|Daraim", "point at its seat"),
    Seat(1129928, "Kuf Ab", "district", BDK, 25,
         "Kuf Ab District|Kufab|Kof Ab|Kofab|Koofab|Qal'ah-ye Kuf|Qala-i-Kuf", "point at its seat Qal'ah-ye Kuf"),
    Seat(1122705, "Tishkan", "district", BDK, 20, "Tishkan District|Teshkan|Tashkan|Bazar-e Tashkan",
         "point at its seat Bazar-e Tashkan"),
    Seat(1133749, "Kishim", "district", BDK, 20, "Kishim District|Keshem|Kishm|Keshm|Kishim town",
         "point at its seat, the town Kishim (GeoNames name Mashhad)"),
    Seat(1140433, "Hafiz Moghul", "town", BDK, None, "Hafez Moghul|Hafiz Mughul", "GeoNames PPLA2 (a district seat)"),
    Seat(1125890, "Shahran", "town", BDK, None, "", "GeoNames PPLA2 (a district seat)"),
    Seat(1145607, "Chakaran", "town", BDK, None, "", "GeoNames PPLA2 (a district seat)"),
    Seat(1468514, "Pas Pul", "town", BDK, None, "Pas Pol", "GeoNames PPLA2 (a district seat)"),
    Seat(1141098, "Ghurayd Gharame", "town", BDK, None, "Gharmi|Ghurayd Gharami", "GeoNames PPLA2 (a district seat)"),
    # --- Afghanistan: Takhar -----------------------------------------------------------------
    Seat(1145897, "Chah Ab", "district", TKH, 20, "Chah Ab District|Chahab|Chah-e Ab|Chah-i-Ab|Chayab",
         "point at its seat Chah Ab"),
    Seat(1144040, "Darqad", "district", TKH, 15, "Darqad District|Darkad|Darkat|Qeshlaq-e Darqad",
         "district on the Panj; point at its seat Darqad"),
    Seat(1143814, "Dasht-e Qala", "district", TKH, 15,
         "Dasht-e Qala District|Dasht-i-Qala|Dashti Qala|Dasht-e Qal'ah|Dasht-i-Qal'a|Dasht Qala|Dashte Qala",
         "point at its seat Dasht-e Qala"),
    Seat(1142239, "Farkhar", "district", TKH, 25, "Farkhar District",
         "point at its seat Farkhar; not Farkhor (Tajikistan)"),
    Seat(1138657, "Kalafgan", "district", TKH, 20, "Kalafgan District|Kalfagan|Kalafghan", "point at its seat"),
    Seat(1136235, "Khwaja Ghar", "district", TKH, 20,
         "Khwaja Ghar District|Khoja Ghar|Khwaja Gar|Khwajah Ghar|Khoja-i-Ghar|Khodzhagar", "point at its seat"),
    Seat(1121271, "Yangi Qala", "district", TKH, 20,
         "Yangi Qala District|Yangi Qal'a|Yangi Qal'ah|Yangi Kala|Yangi Qal’a|Yangi Qalah",
         "district on the Panj; point at its seat Yangi Qala"),
    # --- Afghanistan: Kunduz -----------------------------------------------------------------
    Seat(1145364, "Chahar Dara", "district", KDZ, 20, "Chahar Dara District|Char Dara|Chardara|Chahar Darreh",
         "point at its seat (GeoNames name Dowr-e Rabat)"),
    Seat(1467976, "Ali Abad (Kunduz)", "district", KDZ, 20, "Ali Abad District|Aliabad District (Kunduz)",
         "point at its seat Aliabad"),
    Seat(1129648, "Qarawul", "town", KDZ, None, "Qaravol|Karaul", "town near the Amu Darya north-west of Imam Sahib"),
    # --- Afghanistan: Balkh ------------------------------------------------------------------
    Seat(1147290, "Balkh (town)", "district", BLK, 15, "Balkh town|Balkh District|Balkh city|Bactra",
         "ancient Bactra; point at the town, seat of Balkh district. Bare 'Balkh' stays the province"),
    Seat(1145128, "Chimtal", "district", BLK, 25, "Chimtal District|Chemtal|Chamtal", "point at its seat"),
    Seat(1143630, "Dehdadi", "district", BLK, 15, "Dehdadi District|Dihdadi|Dekhdadi", "point at its seat"),
    Seat(1142776, "Dawlatabad (Balkh)", "district", BLK, 25, "Dawlatabad District (Balkh)|Daulatabad (Balkh)|"
         "Dowlatabad (Balkh)",
         "district on the Uzbek and Turkmen borders; point at its seat"),
    Seat(1136575, "Khulm", "district", BLK, 25, "Khulm District|Kholm|Tashkurgan|Tashqurghan|Khulmi",
         "point at its seat Khulm"),
    Seat(1120501, "Kishindih", "district", BLK, 25, "Kishindih District|Keshendeh|Kishindeh|Aq Kupruk",
         "point at its seat Aq Kupruk (GeoNames lists Keshendeh as its other name)"),
    Seat(1427089, "Kaldar", "district", BLK, 25, "Kaldar District|Qaranghu Toghai",
         "district on the Amu Darya east of Hairatan; point at the GeoNames district seat Qaranghu Toghai there "
         "(taken as Kaldar's seat by position)"),
    # --- Afghanistan: Jowzjan ----------------------------------------------------------------
    Seat(1125444, "Sheberghan", "district", JWZ, 25,
         "Shibirghan|Shiberghan|Shebergan|Sheberghan District|Shibarghan|Sheberghan city",
         "capital of Jowzjan; point at the city"),
    Seat(1148560, "Aqcha", "district", JWZ, 20, "Aqcha District|Aqchah|Akcha|Aqcheh", "point at its seat"),
    Seat(1143874, "Darzab", "district", JWZ, 25, "Darzab District|Durzab", "point at its seat"),
    Seat(1142171, "Fayzabad (Jowzjan)", "district", JWZ, 20, "Fayzabad District (Jowzjan)|Faizabad (Jowzjan)",
         "point at its seat; not Faizabad in Badakhshan"),
    Seat(1137247, "Khamyab", "district", JWZ, 20, "Khamyab District|Kham Ab|Khamab", "district on the Turkmen border"),
    Seat(1137160, "Khaniqa", "district", JWZ, 15, "Khaniqa District|Khanaqa (Jowzjan)|Khanaqah (Jowzjan)",
         "point at its seat"),
    Seat(1136250, "Khwaja Du Koh", "district", JWZ, 25,
         "Khwaja Du Koh District|Khwaja Do Koh|Khoja Du Koh|Khwajah Du Koh", "point at its seat"),
    Seat(1133856, "Mardyan", "district", JWZ, 20, "Mardyan District|Mardian|Mardiyan", "point at its seat"),
    Seat(1133544, "Mingajik", "district", JWZ, 20, "Mingajik District|Mangajek|Mengajik|Manga Jik",
         "point at its seat"),
    Seat(1129516, "Qarqin", "district", JWZ, 20, "Qarqin District|Karkin|Qarkin", "district on the Amu Darya"),
    # --- Afghanistan: Baghlan (behind Kunduz and Takhar; seats that GeoNames names as such) -----
    Seat(1130490, "Pul-i-Khumri", "town", BGL, None,
         "Pul-e Khumri|Puli Khumri|Pol-e Khomri|Pul-i Khumri|Pul-i-Khumri District|Puli Khumri District",
         "capital of Baghlan province and seat of its district"),
    Seat(1147540, "Baghlan-i-Jadid", "district", BGL, 20,
         "Baghlan-e Jadid|Baghlani Jadid|Baghlan-i-Jadid District|Baghlan-e Jadid District|Baghlan Jadid|"
         "Baghlan-e-Jadid|New Baghlan|Baghlan town",
         "point at its seat, the town Baghlan (GeoNames name Baghlān, also Baghlān-e Jadīd)",
         drop="Baghlan|Baglan"),
    Seat(1144559, "Dahana-i-Ghori", "district", BGL, 25,
         "Dahana-i-Ghori District|Dahana-e Ghori|Dahane Ghori|Dahan-e Ghori|Dahaneh-ye Ghowri|Dahana Ghori|"
         "Dahana-i-Ghuri|Dahana-e Ghuri|Dahan-e Ghuri",
         "point at its seat (GeoNames name Ḩukūmatī Dahanah-ye Ghōrī)"),
    Seat(1132495, "Nahrin", "district", BGL, 20, "Nahrin District|Nahreen", "point at its seat Nahrin",
         drop="Narin|Narain"),
    Seat(1146911, "Burka", "district", BGL, 20, "Burka District|Burkah|Borkeh", "point at its seat Burka"),
    Seat(1147118, "Andarab", "district", BGL, 25, "Andarab District|Andarab valley|Andarab Valley",
         "point at its seat (GeoNames name Banū, also Andarāb)"),
    Seat(1143529, "Deh Salah", "district", BGL, 20, "Deh Salah District|Deh-e Salah|Deh-i-Salah|Dih Salah|Dehsalah",
         "point at its seat Deh-e Salah"),
    Seat(1136723, "Khinjan", "district", BGL, 20, "Khinjan District|Khenjan", "point at its seat Khinjan"),
    Seat(1464922, "Puli Hisar", "district", BGL, 20,
         "Puli Hisar District|Pul-e Hisar|Pul-i-Hisar|Pul-e Hesar|Pol-e Hesar", "point at its seat Pul-e Hisar"),
    Seat(1142738, "Dushi", "district", BGL, 20, "Dushi District|Doshi", "point at its seat Dushi"),
    # --- Afghanistan: Faryab and Badghis (the Turkmen border west of Jowzjan) -------------------
    Seat(1142777, "Dawlatabad (Faryab)", "district", FRY, 25,
         "Dawlatabad District (Faryab)|Daulatabad (Faryab)|Dowlatabad (Faryab)",
         "district of Faryab north of Maimana; point at its seat"),
    Seat(1129077, "Qaisar", "district", FRY, 30, "Qaisar District|Qaysar|Qeysar|Qaisar district", "point at its seat"),
    Seat(1148863, "Almar", "district", FRY, 25, "Almar District|Almar Bazar", "point at its seat"),
    Seat(1137147, "Khan Charbagh", "district", FRY, 25,
         "Khan Charbagh District|Khan Chahar Bagh|Khani Chahar Bagh|Khan-e Chahar Bagh",
         "district on the Turkmen border; point at its seat", drop="Chahar Bagh|Char Bagh"),
    Seat(1129867, "Badghis", "admin1", BDG, 110, "Badghis province|Badghis Province|Badghes|Badgis|Badghiz",
         "Afghan province on the Turkmen border; point at its capital Qala-i-Naw", precision=3, anchor=True),
)

FIXED: tuple[Fixed, ...] = (
    Fixed("Shortepa", "district", AF, BLK, 2, 20, "Shortepa District|Shor Tepa|Shor Tappeh|Shortapa|Shur Tepa",
          "district on the Amu Darya; coords: its centre Shor Tappeh as given in the Wikipedia article "
          "'Shortepa District' (37.3361 N, 66.8200 E)", lat=37.3361, lon=66.82),
    Fixed("Shighnan (Afghanistan)", "district", AF, BDK, 2, 30,
          "Shighnan District (Afghanistan)|Afghan Shighnan|Shughnan (Afghanistan)|Sheghnan|Shighnan District of "
          "Badakhshan",
          "coords: Wikipedia article 'Shighnan District' infobox (37.61667 N, 71.45 E), a point in the district",
          lat=37.61667, lon=71.45),
    Fixed("Shahr-e Buzurg", "district", AF, BDK, 2, 30,
          "Shahr-i-Buzurg|Shahri Buzurg|Shahr-e Bozorg|Shahr-i Buzurg District|Shahr-e Buzurg District",
          "district on the Panj opposite Shamsiddin Shohin; coords: Wikipedia article 'Shahri Buzurg District' "
          "infobox (37.34472 N, 70.13500 E), the district capital Shahr-e Bozorg", lat=37.34472, lon=70.135),
    Fixed("Tagab District (Badakhshan)", "district", AF, BDK, 2, 25, "Tagab District of Badakhshan|Kishmi Bala",
          "district created in 2005 from part of Faizabad district, west of it; seat not located: coords: GeoNames "
          "id 1467829 (Kōtal-e Tayshkān, a pass GeoNames files under admin2 Tagāb District of Badakhshan, "
          "36.67353 N, 70.33683 E), a point in the district", lat=36.67353, lon=70.33683),
    Fixed("Afghanistan–Uzbekistan Friendship Bridge", "crossing", AF, BLK, 2, 3,
          "Friendship Bridge (Termez)|Termez–Hairatan bridge|Termez-Hairatan bridge|Hairatan bridge|"
          "Termez-Hairatan Friendship Bridge|Hairatan–Termez bridge|Termez bridge",
          "road and rail bridge over the Amu Darya; point at Hairatan (curated row), its southern end",
          at="Hairatan"),
    Fixed("Harbmaidon training ground", "base", TJ, KHT, 3, 110,
          "Harbmaidon|Harb-Maidon|Kharb-Maidon|Harbmaydon|Harb-Maydon|Kharb-Maydon|Harbmaidon range|"
          "Kharb-Maidon range|Harb-Maidon training ground",
          "training ground in Khatlon about 20 km from the Afghan border (TASS 2021-08-10); site not located: "
          "placed at Khatlon (curated row)", at="Khatlon"),
    # Districts whose centre a public page gives (the URL and what it says are in the note).
    *(
        Fixed(name, "district", AF, prov, 2, radius, alts, f"{what}; coords: {source}", lat=lat, lon=lon)
        for name, prov, lat, lon, radius, alts, what, source in (
            ("Warduj", BDK, 36.76128, 71.18533, 20,
             "Warduj District|Wurduj|Wurduj District|Wardooj|Wardoj|Wardudzh|Vardudzh|Varduj|Vardoj",
             "district south-east of Baharak, created in 2005 from part of it; point as the article gives it",
             "{{Coord|36|45|40.6|N|71|11|7.2|E}} on https://friendlywiki.com/article/index.php?title=Wurduj_District "
             "(mirror of the Wikipedia article 'Wurduj District')"),
            ("Yamgan", BDK, 36.42778, 70.79806, 20,
             "Yamgan District|Yumgan|Yumgan District|Yamgon|Girwan",
             "district of the upper Kokcha created in 2005 from part of Baharak; point as the article gives it",
             "36°25′40″N 70°47′53″E on https://en.m.wikipedia.org/wiki/Yamgan_District"),
            ("Kohistan District (Badakhshan)", BDK, 37.42833, 70.68278, 20,
             "Kohistan District of Badakhshan|Kohistan (Badakhshan)|Kohestan (Badakhshan)|"
             "Pas-Pel|Pas Pel",
             "district formed from part of Ragh; centre the village Pas-Pel (GeoNames Pas Pul, 8 km away)",
             "{{Coord|37|25|42|N|70|40|58|E}} on "
             "https://friendlywiki.com/article/index.php?title=Kohistan_District%2C_Badakhshan "
             "(mirror of the Wikipedia article 'Kohistan District, Badakhshan')"),
            ("Shiki District", BDK, 38.2, 70.93333, 25,
             "Shiki district|Sheki District|Shiki|Shekay|Shekay District|Shikai|Shikay|Jarf",
             "district of Afghan Darwaz created in 2005; capital Jarf; point as the article gives it (to the minute)",
             "38°12′N 70°56′E on https://en.wikipedia.org/wiki/Shiki_District,_Afghanistan"),
            ("Warsaj", TKH, 36.2, 70.0, 25, "Warsaj District|Varsaj|Warsaj district",
             "district at the head of the Farkhar valley; district centre Warsaj",
             "'Coordinates (district center): 36°12′N 70°00′E' on "
             "https://rt.http3.lol/index.php?q=aHR0cHM6Ly9lbi53aWtpcGVkaWEub3JnL3dpa2kvV2Fyc2FqX0Rpc3RyaWN0 "
             "(proxy of https://en.wikipedia.org/wiki/Warsaj_District)"),
            ("Khwaja Bahauddin", TKH, 37.34, 69.54, 15,
             "Khwaja Bahauddin District|Khoja Bahauddin|Khwaja Bahawuddin|Khwaja Baha ud Din|Khwaja Bahawodin|"
             "Khoja Bahovuddin|Khwajah Baha'uddin|Khodja Bahauddin|Khodzha-Bagautdin|Khoja Bahouddin|"
             "Khwaja Bahawudin",
             "district split from Yangi Qala in 2005, where Ahmad Shah Massoud was killed in 2001",
             "37°20′N 69°32′E (37.34, 69.54) on https://de.mgwiki.top/wiki/Khwaja_Bahauddin_District "
             "(translation of the Wikipedia article 'Khwaja Bahauddin District')"),
            ("Bangi District", TKH, 36.66, 69.34, 15, "Bangi district|Bangi",
             "district on the Kunduz–Taloqan highway",
             "'Coordinates (district center): 36°40′N 69°20′E (36.66, 69.34)' on "
             "https://wikimili.com/en/Bangi_District"),
            ("Chal District", TKH, 36.528, 69.539, 15, "Chal district|Chal (Takhar)|Chal District of Takhar",
             "district south of Taloqan on the Chal river",
             "'Coordinates (district center): 36°31′41″N 69°32′20″E' on https://www.findatwiki.com/Chal_District"),
            ("Namak Ab", TKH, 36.62, 69.62, 15, "Namak Ab District|Namakab|Ab Namak|Namak Ab tumani",
             "district split from Taloqan in 2005; point as the article gives it (GeoNames PPLA2 Taqchah Khanah "
             "lies 1 km away)",
             "36°37′12″N 69°37′12″E on https://uz.wikipedia.org/wiki/Namak_Ab_tumani"),
            ("Baharak (Takhar)", TKH, 36.805, 69.41, 15, "Baharak District (Takhar)|Baharak District, Takhar",
             "district split from Taloqan in 2005, about 15 km from Taloqan; not Baharak in Badakhshan",
             "{{coords|36.805|N|69.41|E}} on "
             "https://friendlywiki.com/article/index.php?title=%3ABaharak_District%2C_Takhar "
             "(mirror of the Wikipedia article 'Baharak District, Takhar')"),
            ("Qala-i-Zal", KDZ, 37.0131, 68.4603, 20,
             "Qalay-i-Zal|Qala-e-Zal|Qala-e Zal|Qalai Zal|Qal'a-i-Zal|Qalay-I-Zal District|Qala-i-Zal District|"
             "Kalai-Zal|Qalʿa-ye Zal",
             "western district of Kunduz on the Amu Darya; district centre the village Qalay-I-Zal",
             "'The district center is the village of Qalay-I-Zal, located on 37°00′47″N 68°27′37″E' on "
             "https://en.wikipedia.org/wiki/Qalay-I-Zal_District"),
            ("Nahr-i Shahi", BLK, 36.84, 67.18, 20,
             "Nahr-e Shahi|Nahri Shahi|Nahr-i-Shahi District|Nahr-e Shahi District|Nahri Shahi District",
             "district next to Mazar-i-Sharif; point as the article gives it",
             "36°50′24″N 67°10′48″E on https://bn.m.wikipedia.org/wiki/%E0%A6%A8%E0%A6%BE%E0%A6%B9%E0%A6%B0%E0%A6%BF_"
             "%E0%A6%B6%E0%A6%BE%E0%A6%B9%E0%A7%80_%E0%A6%9C%E0%A7%87%E0%A6%B2%E0%A6%BE (Bengali Wikipedia "
             "'Nahri Shahi District', citing NDI 'District Names')"),
            ("Sholgara", BLK, 36.3, 66.86, 20, "Sholgara District|Sholgareh|Shulgara|Sholgar|Boyna Qara",
             "district south of Mazar-i-Sharif; point as the article gives it",
             "36°18′00″N 66°51′36″E on https://wikimili.com/en/Sholgara_District (mirror of the Wikipedia "
             "article 'Sholgara District', citing NDI 'District Names')"),
        )
    ),
    Fixed("Khost wa Fereng", "district", AF, BGL, 2, 25,
          "Khost wa Fereng District|Khost-o-Fereng|Khost o Fereng|Khost-wa-Fereng|Khost wa Firing|Khost wa Fring|"
          "Khost Fereng|Khost-o-Firing|Khost wa Farang|Khost va Fereng|Khost wa Fereng district",
          "easternmost district of Baghlan in the Hindu Kush; not Khost province; coords: 35°54′00″N 69°40′12″E "
          "on https://de.mgwiki.top/wiki/Khost_Wa_Fereng_District (translation of the Wikipedia article "
          "'Khost wa Fereng District', citing NDI 'District Names')", lat=35.9, lon=69.67),
    # Districts whose seat could not be located: placed at their province (precision 3).
    *(
        Fixed(name, "district", AF, prov, 3, radius, alts, _UNLOCATED, at=at)
        for name, prov, at, radius, alts in (
            ("Ishkamish", TKH, "Takhar", 75, "Ishkamish District|Eshkamesh|Ishkamesh"),
            ("Hazar Sumuch", TKH, "Takhar", 75, "Hazar Sumuch District|Hazar Samuch"),
            ("Arghanj Khwa", BDK, "Badakhshan", 170, "Arghanj Khwa District|Arghanjkhwa|Arghanj Khah"),
            ("Argo District", BDK, "Badakhshan", 170, "Argo district|Arghu District|Argo|Arghu|Argu"),
            ("Khash District (Badakhshan)", BDK, "Badakhshan", 170,
             "Khash District of Badakhshan|Khash|Khash (Badakhshan)"),
            ("Yawan", BDK, "Badakhshan", 170, "Yawan District|Yavan (Afghanistan)"),
            ("Shuhada District", BDK, "Badakhshan", 170,
             "Shuhada district|Shohada District|Shuhada (Badakhshan)|Shohada (Badakhshan)"),
            ("Yaftal-e Sufla", BDK, "Badakhshan", 170, "Yaftal District|Yaftali Sufla|Yaftal-i-Sufla|"
             "Yaftal-e Payin|Yaftal"),
            ("Gul Tepa", KDZ, "Kunduz Province", 55, "Gul Tepa District|Gultepa|Gul Tapa|Gul Tappa|Gol Tepa"),
            ("Chahar Bolak", BLK, "Balkh", 100, "Chahar Bolak District|Charbolak|Char Bolak"),
            ("Chahar Kint", BLK, "Balkh", 100, "Chahar Kint District|Charkint|Charkent"),
            ("Marmul", BLK, "Balkh", 100, "Marmul District|Marmal"),
            ("Zari District", BLK, "Balkh", 100, "Zari district|Zari (Balkh)"),
            ("Qush Tepa", JWZ, "Jowzjan", 85, "Qush Tepa District|Qosh Tepa|Qush Tapa|Qoshtepa|"
             "Qush Tepe|Qosh Tepe|Qush Tipa"),
            ("Manganan", JWZ, "Jowzjan", 85, "Manganan District"),
        )
    ),
)

VARIANTS: tuple[Variants, ...] = (
    Variants("Shamsiddin Shohin", "Shamsiddin-Shokhin|Shamsiddin Shokhin|Shamsiddin-Shohin|Shamsiddin Shokhin "
             "district|Shamsuddin Shahin|Shamsiddin Shohin District"),
    Variants("Hamadoni", "Khamadoni|Hamadoni District|Moskovskiy rayon|Mir Sayid Ali Hamadoni"),
    Variants("Jayhun", "Jaykhun|Dzhaykhun|Djayhun|Jayhun District|Qumsangir District"),
    Variants("Farkhor", "Farkhor District"),
    Variants("Vanj", "Vandzh|Vandzh district|Vanj District"),
    Variants("Rushon", "Rushon District|Rushan District"),
    Variants("Shughnon", "Shughnon District|Shughnan District (Tajikistan)"),
    Variants("Darvoz", "Darvoz District|Darvaz District (Tajikistan)"),
    Variants("Kulob", "Kulyob|Kuljab|Kulob town"),
    Variants("Qalai Khumb", "Kalaikhum|Qalaikhum|Kalai-Khum|Qal'ai Khum|Kalai Khum"),
    Variants("Ishkoshim", "Ishkashimsky district|Ishkoshim District"),
    Variants("Bokhtar", "Kurgantyube|Kurgan-Tiube|Qurghon-Teppa|Qurghonteppa city"),
    Variants("Khorog", "Khorog town|Khorugh city"),
    Variants("Imam Sahib", "Emam Sahib|Imamsahib|Imam Saheb District"),
    Variants("Dasht-e Archi", "Archi|Archi District|Dasht-i Archi District|Dasht-e Archi District"),
    Variants("Ishkashim (Afghanistan)", "Ishkashim District (Afghanistan)|Eshkashem District|Ishkashem District"),
    Variants("Hairatan", "Hairatan crossing|Hayratan port|Hairatan border crossing"),
    Variants("Sher Khan Bandar", "Sher Khan Bandar crossing|Shir Khan Bandar port|Sherkhan Bandar crossing"),
    Variants("Panji Poyon", "Panji Poyon–Sher Khan Bandar bridge|Panji Poyon-Sher Khan Bandar bridge|"
             "Nizhny Panj crossing|Nizhniy Pyandzh bridge"),
    Variants("Pamirs", "Pamir mountains|the Pamir"),
    Variants("Wakhan", "Wakhan Corridor (Afghanistan)|Wakhan valley"),
)
