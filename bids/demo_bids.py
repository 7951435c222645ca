"""Demo bids for the Brightwater Youth Futures 2027 round, keyed by lot name.

Every organisation, person and place named here is fictional. Answers are keyed by
criterion title exactly as in commissioning/starter_rubric.py, for every criterion
except the officer-only "Price". Quality is deliberately uneven so that a panel has
something to disagree about: each lot has one strong bid, one or two middling bids
and one weak one. Exactly one bid asks for slightly more than its lot's budget.
"""

from decimal import Decimal

DEMO_BIDS = {
    "Working with parents": [
        {
            "organisation": (
                "Harbourside Families Together (a consortium led by Tidewell Family Trust, "
                "with Brightwater Parent Carer Forum and Eastfield Community Kitchen)"
            ),
            "title": "Talking Teens at Home",
            "summary": (
                "Three local groups will run evening courses, home visits and a peer-support "
                "network for parents and carers of 14 to 25 year olds in Harbourside, Eastfield "
                "and Saltings. Young people help design and run the sessions, so parents hear "
                "straight from them what helps at home."
            ),
            "amount_requested": Decimal("438600.00"),
            "contact_name": "Priya Raman",
            "contact_email": "priya.raman@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "In 2025 we ran 14 listening sessions with 126 young people and 88 parents "
                    "in Harbourside, Eastfield and Saltings. Young people said rows at home about "
                    "school, money and phones were their biggest worry; parents said they felt "
                    "shut out. We will support 240 families over three years, with young people "
                    "and parents completing a short questionnaire at the start, at 12 weeks and "
                    "at 6 months. In our 2023-25 pilot, 71% of families reported fewer rows."
                ),
                "How young people shape and lead the service": (
                    "Eight paid Young Family Advisers (aged 16 to 24) sit on our steering group "
                    "with equal votes, and they helped write this bid. They will co-deliver the "
                    "'What teenagers wish parents knew' session in every course, interview all "
                    "new staff and review feedback each term. Advisers get accredited training, "
                    "£12 an hour and references, and we send them a 'You said, we did' update "
                    "every quarter."
                ),
                "Reaching young people who are often left out": (
                    "We will work with the Brightwater Parent Carer Forum to reach families of "
                    "disabled young people, and with the leaving-care team so foster and kinship "
                    "carers can join. Sessions run at three times of day, online and in person, "
                    "with free childcare, bus fares paid and interpreters in Polish, Urdu and "
                    "Bengali. All materials come in easy-read. We check who takes part every "
                    "quarter and follow up with groups we are missing."
                ),
                "Keeping young people safe and welcome": (
                    "Our Designated Safeguarding Lead is our Head of Services, Ruth Okafor, with "
                    "a deputy in each partner. All staff and volunteers have safeguarding "
                    "training at induction and every year, and family workers get monthly "
                    "supervision. Home visits follow our lone-working policy with check-in "
                    "calls, and online groups always have two facilitators. Young advisers wrote "
                    "a one-page 'Who to talk to' card that every family receives."
                ),
                "Delivery plan, staffing and partnerships": (
                    "Months 1-3: recruit and train staff and agree referrals with schools and "
                    "early help; month 4: courses open in all three areas. Staff: a project "
                    "manager, three family workers, a part-time parent peer coordinator and 20 "
                    "trained parent volunteers. Main risks are low take-up and staff turnover; "
                    "five secondary schools have signed referral agreements and partners cover "
                    "for each other. From year 2, parent volunteers learn to run groups "
                    "themselves, so support carries on after the contract."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our joint safeguarding policy was reviewed in January 2026; all staff "
                    "and volunteers have enhanced police checks (DBS). A copy is attached."
                ),
                "Insurance": (
                    "Yes. The lead partner holds employer's and public liability cover of "
                    "£10 million each and professional indemnity of £2 million; certificates "
                    "attached."
                ),
            },
        },
        {
            "organisation": "Millbrook Counselling Service CIC",
            "title": "Parents in the Loop",
            "summary": (
                "A 10-week course for parents and carers of teenagers, run by qualified "
                "counsellors at Millbrook Community Centre and online. Parents learn about "
                "teenage mental health, how to talk when things are tense and where to get help."
            ),
            "amount_requested": Decimal("291850.00"),
            "contact_name": "Gareth Pugh",
            "contact_email": "gareth.pugh@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Staff at local schools tell us many parents struggle to cope when their "
                    "teenager is anxious or withdrawn, and waits for young people's mental "
                    "health services in Brightwater are over a year. We will run 12 courses a "
                    "year for up to 15 parents each. Parents fill in a confidence questionnaire "
                    "at the start and end of each course, and we will report to the council "
                    "every six months."
                ),
                "How young people shape and lead the service": (
                    "We will ask young people at Millbrook High to review our course materials "
                    "before we start, and hold a young people's focus group each year. Young "
                    "people who take part will receive a voucher to thank them. We will share a "
                    "summary of what we changed with the school council."
                ),
                "Reaching young people who are often left out": (
                    "The course is free and open to all parents and carers. Online sessions suit "
                    "parents who cannot get to the centre, and we can arrange an interpreter if "
                    "needed. We will ask schools to pass our details to families they are "
                    "worried about, including foster carers."
                ),
                "Keeping young people safe and welcome": (
                    "Our Clinical Lead, Dr Fiona Hale, is our Designated Safeguarding Lead. All "
                    "counsellors are registered professionals with yearly safeguarding training "
                    "and clinical supervision. If a parent tells us something that worries us "
                    "about a young person, we follow our policy and contact the council's "
                    "children's services the same day. Online sessions use secure video calls."
                ),
                "Delivery plan, staffing and partnerships": (
                    "We will start the first course within two months. The team will be a "
                    "part-time manager, two counsellors and an administrator. We already work "
                    "with Millbrook High and two GP surgeries, who refer parents to us. If "
                    "demand is lower than expected, we will advertise more widely through "
                    "schools."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our safeguarding policy was reviewed in September 2025; all staff and "
                    "volunteers have enhanced police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. We hold employer's and public liability of £5 million each and "
                    "professional indemnity of £1 million."
                ),
            },
        },
        {
            "organisation": "Northgate Youth and Family Trust",
            "title": "Family Link Workers",
            "summary": (
                "Three family link workers will support families in Northgate and Kingsmoor "
                "where a young person is at risk of leaving home or dropping out of school. "
                "Each family gets up to six months of one-to-one help, with the young person and "
                "parents working towards a shared plan."
            ),
            "amount_requested": Decimal("449000.00"),
            "contact_name": "Aisha Bello",
            "contact_email": "aisha.bello@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Last year 62 young people from Northgate and Kingsmoor came to our drop-in "
                    "saying they had nowhere to stay after a row at home. We want to help young "
                    "people stay safely at home. Each link worker will hold 12 families at a "
                    "time, about 70 families a year, and we will track school attendance, "
                    "whether the young person is still living at home and how both sides rate "
                    "family relationships."
                ),
                "How young people shape and lead the service": (
                    "Young people are at the heart of our work. Our youth forum meets monthly "
                    "and will be asked for its views on the project. Each young person will set "
                    "their own goals in their family plan, and we will run a feedback survey at "
                    "the end. We will consider adding a young person to our interview panels."
                ),
                "Reaching young people who are often left out": (
                    "Many of the families we work with face poverty, and some young people are "
                    "care-experienced or have special educational needs. Link workers meet "
                    "families wherever suits them, at home, at school or in a café, including "
                    "evenings. We will cover bus fares and keep a small hardship fund for "
                    "essentials. Our information leaflets are available in easy-read."
                ),
                "Keeping young people safe and welcome": (
                    "Our Chief Executive is the Designated Safeguarding Lead, supported by a "
                    "deputy. Link workers complete Level 3 safeguarding training and have "
                    "fortnightly supervision. We follow the local safeguarding partnership's "
                    "procedures and log every concern the same day. Young people and parents get "
                    "a leaflet explaining how to complain."
                ),
                "Delivery plan, staffing and partnerships": (
                    "Months 1-2: recruit link workers and agree referral routes with early help "
                    "and the three secondary schools in Northgate and Kingsmoor. Month 3: take "
                    "the first referrals. We will review caseloads every quarter. The main risk "
                    "is more referrals than we can manage; we will keep a waiting list and "
                    "signpost families to other services."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our safeguarding policy was reviewed in November 2025; all staff and "
                    "volunteers have enhanced police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. Employer's and public liability of £5 million each and professional "
                    "indemnity of £1 million are in place."
                ),
            },
        },
        {
            "organisation": "Parentwise Partners (social enterprise)",
            "title": "Parenting Teens Programme",
            "summary": (
                "Parentwise Partners will deliver our proven Parenting Teens Programme across "
                "Brightwater. Parents will gain the skills and confidence they need to support "
                "their young people."
            ),
            "amount_requested": Decimal("420000.00"),
            "contact_name": "Colin Barraclough",
            "contact_email": "colin.barraclough@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Being the parent of a teenager has never been harder, with social media, "
                    "exam pressure and the cost of living. Our programme has been delivered to "
                    "thousands of parents across the country with excellent feedback. We will "
                    "transform family life in Brightwater and make a lasting difference to young "
                    "people's wellbeing."
                ),
                "How young people shape and lead the service": (
                    "Young people's voices are important to us. We will run a survey of young "
                    "people at the start of the project to find out what they want their parents "
                    "to know, and use this to inform our sessions."
                ),
                "Reaching young people who are often left out": (
                    "Our programme is fully inclusive and open to every parent and carer in "
                    "Brightwater. Everyone is welcome and we will make sure nobody is left out."
                ),
                "Keeping young people safe and welcome": (
                    "We take safeguarding very seriously. We have a safeguarding policy and all "
                    "our facilitators are experienced professionals. Any concerns will be passed "
                    "to the relevant authorities."
                ),
                "Delivery plan, staffing and partnerships": (
                    "We will deliver 40 courses over three years in venues across Brightwater, "
                    "using our national team of facilitators. We will advertise on social media "
                    "and through schools. Our head office will manage the contract."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. We have a safeguarding policy, and facilitators are DBS checked before "
                    "they start."
                ),
                "Insurance": "Yes. We hold all the necessary insurance.",
            },
        },
    ],
    "A place for young people to go": [
        {
            "organisation": "The Old Fire Station Youth Project (registered charity)",
            "title": "The Station: a youth space run with young people",
            "summary": (
                "We will turn the ground floor of the Old Fire Station on Quay Street into a "
                "youth space open five evenings a week and on Saturday afternoons. Young people "
                "planned it with us, and an elected youth board will decide the programme, from "
                "music and cooking to health drop-ins and help finding work."
            ),
            "amount_requested": Decimal("642500.00"),
            "contact_name": "Niamh Doherty",
            "contact_email": "niamh.doherty@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Our 2025 survey of 412 young people aged 14 to 25 found 58% had nowhere to "
                    "go in the evening and 1 in 3 felt lonely most weeks. They want somewhere "
                    "warm, free and not school. Over three years we will welcome 900 young "
                    "people, 300 of them regularly. Every six months we measure loneliness, "
                    "confidence and onward referrals, using questions young people chose, and "
                    "publish the results."
                ),
                "How young people shape and lead the service": (
                    "A youth board of 12, elected each year, controls a £30,000 activity budget, "
                    "sits on every staff interview panel and reports to our trustees, two of "
                    "whom are under 25. Eight paid peer leaders run sessions alongside staff and "
                    "can train for a youth work qualification. Board members get training, "
                    "expenses and references, and a 'You said, we did' wall and monthly "
                    "newsletter show what changed."
                ),
                "Reaching young people who are often left out": (
                    "The building is step-free, with a changing-places toilet and a quiet room. "
                    "We run a Tuesday session for young people with learning disabilities with "
                    "the Brightwater Parent Carer Forum, and a care leavers' tea with the "
                    "leaving-care team. Free bus tokens, hot food every night and information in "
                    "easy-read and five languages remove practical barriers. We check attendance "
                    "by area, age, ethnicity and disability every quarter."
                ),
                "Keeping young people safe and welcome": (
                    "Our Designated Safeguarding Lead is the Centre Manager, with two deputies so "
                    "one is always on shift. All staff and volunteers train every year, and two "
                    "trained adults are always on site. Staff moderate our group chats and social "
                    "media. The youth board reviewed our policy in 2025 and chose a 'trusted "
                    "adult' system, so every young person knows who to talk to."
                ),
                "Delivery plan, staffing and partnerships": (
                    "Months 1-4: building works, recruitment and youth board training; we open in "
                    "month 5. Staff: a centre manager, three youth workers, a part-time "
                    "participation worker, eight peer leaders and 15 volunteers. Partners include "
                    "Brightwater College, the NHS sexual health team and two local employers. Each "
                    "risk, such as building delays, has a plan and an owner. Café and room-hire "
                    "income of £40,000 a year will help keep us open after the contract."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our safeguarding policy was reviewed in February 2026; all staff and "
                    "volunteers have enhanced police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. We hold employer's and public liability of £10 million each and "
                    "professional indemnity of £1 million."
                ),
            },
        },
        {
            "organisation": (
                "Brightwater Youth Consortium (Eastfield Community Association, "
                "Kingsmoor Boxing Club and Saltings Arts CIC)"
            ),
            "title": "Three Doors: youth nights in three neighbourhoods",
            "summary": (
                "Three local groups will run youth nights in three neighbourhoods, so young "
                "people have somewhere to go close to home. Each venue offers something "
                "different: sport in Kingsmoor, arts in Saltings and a games and chill-out space "
                "in Eastfield."
            ),
            "amount_requested": Decimal("615000.00"),
            "contact_name": "Declan Murphy",
            "contact_email": "declan.murphy@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "There has been no youth club in Kingsmoor, Saltings or Eastfield since "
                    "2019, and local police report more young people gathering on the streets in "
                    "the evening. Each partner already works with young people and knows what "
                    "they want. We aim to reach 600 young people, and will count attendance and "
                    "run a short feedback survey twice a year."
                ),
                "How young people shape and lead the service": (
                    "Each venue will have a young people's committee that meets every half-term "
                    "to plan activities. Committee members get a certificate and a pizza night "
                    "each term. The consortium board will invite one young person from each "
                    "committee to its quarterly meetings."
                ),
                "Reaching young people who are often left out": (
                    "Running in three neighbourhoods means young people do not need to travel "
                    "far. Eastfield Community Centre is wheelchair accessible, and young people "
                    "with special educational needs are welcome at all three venues. We will ask "
                    "local schools to encourage young people who do not usually go to clubs."
                ),
                "Keeping young people safe and welcome": (
                    "Eastfield Community Association is the lead partner, and its manager is the "
                    "Designated Safeguarding Lead for the consortium. Each venue has its own "
                    "safeguarding lead. All staff have safeguarding training, and we will agree "
                    "one shared policy in the first month. Young people can talk to any member of "
                    "staff if they are worried."
                ),
                "Delivery plan, staffing and partnerships": (
                    "Each partner will run two evening sessions a week from month 3. We will "
                    "employ a consortium coordinator, and each partner will have two sessional "
                    "youth workers. The main risk is that the three partners work differently, so "
                    "the coordinator will hold monthly meetings. We will look for further funding "
                    "together."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Each partner's safeguarding policy was reviewed in 2025, and a joint "
                    "policy will be agreed in month 1; all staff and volunteers have enhanced "
                    "police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. Each partner holds employer's and public liability of £5 million; "
                    "Saltings Arts CIC will add professional indemnity of £1 million before the "
                    "contract starts."
                ),
            },
        },
        {
            "organisation": "Skyline Sports and Social CIC",
            "title": "Skyline Youth Hub",
            "summary": (
                "We will open a youth hub at Northgate Leisure Centre three evenings a week, "
                "with free sport, a games room and a youth worker on hand for advice. Young "
                "people can use the gym and pool for free during hub sessions."
            ),
            "amount_requested": Decimal("560000.00"),
            "contact_name": "Kerry-Ann Lewis",
            "contact_email": "kerryann.lewis@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "We run sport sessions for 250 young people a week in Northgate, and many "
                    "tell us they want somewhere to hang out after training. Sport builds "
                    "confidence, fitness and friendships. We will measure weekly attendance and "
                    "how many young people join a club or gain a coaching qualification, and "
                    "survey wellbeing once a year."
                ),
                "How young people shape and lead the service": (
                    "Young people will help choose activities through a suggestion box and a "
                    "termly vote. Our young leaders programme trains 20 young people a year as "
                    "sports leaders, who then help run hub sessions and get free gym membership. "
                    "We will report back on suggestions through our social media."
                ),
                "Reaching young people who are often left out": (
                    "The leisure centre is fully accessible, with disabled changing rooms. We "
                    "run inclusive sport, including wheelchair basketball, and will offer "
                    "girls-only sessions on Thursdays. We know some young people are put off by "
                    "sport, so the games room and chill-out area give them another way in."
                ),
                "Keeping young people safe and welcome": (
                    "Our Operations Director is the Designated Safeguarding Lead. Coaches hold "
                    "sports safeguarding qualifications and we follow our sports governing "
                    "bodies' guidance. A youth worker and a coach will always be on duty, and "
                    "CCTV covers public areas. We will add a section on online safety to our "
                    "policy."
                ),
                "Delivery plan, staffing and partnerships": (
                    "The hub can open within one month, as we already run the building. Staff "
                    "will be a hub coordinator, a youth worker and our existing coaches. We will "
                    "link with Northgate schools and the council's youth justice team for "
                    "referrals. After the contract we hope to keep the hub going from gym income."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our safeguarding policy was reviewed in June 2025; all staff and "
                    "volunteers have enhanced police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. We hold employer's and public liability of £10 million each and "
                    "professional indemnity of £1 million."
                ),
            },
        },
        {
            "organisation": "Chillspace Social Enterprise",
            "title": "The Chill Space",
            "summary": (
                "We will create an exciting, modern space for young people in Brightwater where "
                "they can relax, socialise and reach their full potential. The space will be "
                "open to all."
            ),
            "amount_requested": Decimal("650000.00"),
            "contact_name": "Jordan Pike",
            "contact_email": "jordan.pike@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Young people in Brightwater need somewhere to go. Everyone knows there is "
                    "not enough for young people to do, and this leads to boredom and anti-social "
                    "behaviour. Our space will keep young people off the streets and help them "
                    "reach their full potential. We will track outcomes using our in-house "
                    "system."
                ),
                "How young people shape and lead the service": (
                    "We will listen to young people and give them a voice. There will be a "
                    "suggestions board in the space, and we will hold youth consultations when "
                    "needed."
                ),
                "Reaching young people who are often left out": (
                    "Our space will be open to all young people regardless of background. We "
                    "believe in inclusion and will make sure that everyone feels welcome."
                ),
                "Keeping young people safe and welcome": (
                    "Safeguarding is our top priority. Our staff are trained and we have a "
                    "safeguarding policy. The space will be supervised at all times."
                ),
                "Delivery plan, staffing and partnerships": (
                    "We are looking for a suitable venue in the town centre and expect to open "
                    "within six months of the contract starting. We will recruit a manager and "
                    "youth workers once funding is confirmed, and we will work with partners "
                    "across Brightwater."
                ),
                "Safeguarding policy and police checks in place": (
                    "Our safeguarding policy was last updated in 2023 and will be reviewed if we "
                    "are successful. Staff will be DBS checked when they are recruited."
                ),
                "Insurance": "We will arrange insurance once the contract is awarded.",
            },
        },
    ],
    "Newshounds: a young people's media group": [
        {
            "organisation": "Riverside Media Collective CIC",
            "title": "Brightwater Newshounds",
            "summary": (
                "Young reporters aged 14 to 25 will run their own newsroom at Harbourside "
                "Library, making a monthly news show, a weekly podcast and social media posts "
                "about what matters to them. Journalists and film-makers train them, and local "
                "media partners publish their best work."
            ),
            "amount_requested": Decimal("312400.00"),
            "contact_name": "Tom Achebe",
            "contact_email": "tom.achebe@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "We asked 230 young people in schools, the college and youth groups what they "
                    "want from a media group: 74% said the news 'never talks about people like "
                    "us'. Over three years 120 young people will take part, 45 will gain an "
                    "accredited media qualification and 20 will move into media work, study or "
                    "volunteering. We report progress each term, and our 2022-25 group in "
                    "Portwell met every target."
                ),
                "How young people shape and lead the service": (
                    "The young people are the editorial board: they choose every story, and "
                    "staff step in only on legal or safety issues. Two paid young editors (aged "
                    "18 to 25) are part of the staff team, and members can progress from "
                    "reporter to section editor. Everyone gets training, travel costs and a "
                    "portfolio, and each term the editors tell the council what changed because "
                    "of their stories."
                ),
                "Reaching young people who are often left out": (
                    "We will run taster sessions with the council's Virtual School for children "
                    "in care, the college's supported learning department and Kingsmoor Somali "
                    "Youth Group. Sessions run after school and on Saturdays; we pay bus fares "
                    "and lend laptops and cameras, so cost is never a barrier. Reporters can "
                    "record instead of writing, and easy-read guides are available. We check who "
                    "takes part each term."
                ),
                "Keeping young people safe and welcome": (
                    "Our Director, Tom Achebe, is Designated Safeguarding Lead, and all staff and "
                    "volunteers train every year. Young reporters learn about online safety and "
                    "handling abuse; staff check all content before it is posted and moderate "
                    "comments. Filming outside always has two adults, with consent from everyone "
                    "filmed. Members helped write our 'Newsroom rules', including how to raise a "
                    "concern anonymously."
                ),
                "Delivery plan, staffing and partnerships": (
                    "Months 1-2: recruit, set up the newsroom and run tasters; first show in "
                    "month 4. Team: a project lead, a journalist-trainer, a part-time "
                    "film-maker, two young editors and 10 volunteer mentors. Partners: "
                    "Harbourside Library, Brightwater College and the Brightwater Echo. Our "
                    "price is £12,400 over budget because it includes accredited training, which "
                    "we could drop. Paid commissions will help fund the group after the contract."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our safeguarding policy was reviewed in March 2026; all staff and "
                    "volunteers have enhanced police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. We hold employer's and public liability of £5 million each and "
                    "professional indemnity, including media liability, of £2 million."
                ),
            },
        },
        {
            "organisation": "Brightwater Community Radio (registered charity)",
            "title": "Youth Voice on Air",
            "summary": (
                "Young people will make a weekly radio show and podcast at our studio in "
                "Millbrook, with training in presenting, interviewing and audio editing. The "
                "show will go out on our station and be shared online."
            ),
            "amount_requested": Decimal("264000.00"),
            "contact_name": "Sunita Varma",
            "contact_email": "sunita.varma@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Our listener survey shows very few young people listen to local radio, and "
                    "young people are rarely heard on it. Young people tell us they want to be "
                    "heard on issues like housing, jobs and mental health. We will train 60 "
                    "young people over three years and measure how many finish the training, "
                    "how many shows are made and how many people listen."
                ),
                "How young people shape and lead the service": (
                    "Young people will choose the topics for each show and present it "
                    "themselves. In year 2 we will recruit a young producer from the group. "
                    "Members get a certificate when they finish their training, and we will hold "
                    "a review with the group once a year."
                ),
                "Reaching young people who are often left out": (
                    "Our studio in Millbrook is on the ground floor and has a ramp. We will "
                    "promote the group through schools and youth clubs, and we welcome young "
                    "people from all backgrounds. Radio suits young people who are not "
                    "comfortable on camera."
                ),
                "Keeping young people safe and welcome": (
                    "Our Station Manager is the Designated Safeguarding Lead, and all volunteers "
                    "working with young people will have safeguarding training. A member of "
                    "staff will always supervise live shows, and young people will not give out "
                    "personal details on air. Staff manage our social media."
                ),
                "Delivery plan, staffing and partnerships": (
                    "Sessions run on Saturday mornings and one weekday evening, starting in "
                    "month 2. Staffing: a part-time youth producer supported by our volunteer "
                    "presenters. We will work with Millbrook High and Brightwater College. The "
                    "main risk is volunteers leaving; we have a large volunteer team to draw on."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. Our safeguarding policy was reviewed in October 2025; all staff and "
                    "volunteers have enhanced police checks (DBS)."
                ),
                "Insurance": (
                    "Yes. We hold employer's and public liability of £5 million each and "
                    "professional indemnity of £1 million."
                ),
            },
        },
        {
            "organisation": "Spark Digital Academy (social enterprise)",
            "title": "Youth Content Creators",
            "summary": (
                "We will teach young people to become content creators and influencers, "
                "building skills for the digital careers of the future."
            ),
            "amount_requested": Decimal("290000.00"),
            "contact_name": "Liam Fairbrother",
            "contact_email": "liam.fairbrother@example.org",
            "answers": {
                "Understanding young people's needs and the difference made": (
                    "Young people love social media and want careers in the digital economy. "
                    "Our programme will give them the skills employers are looking for and help "
                    "them become the influencers of tomorrow. We will measure success by the "
                    "number of followers and views our young creators achieve."
                ),
                "How young people shape and lead the service": (
                    "Young people will be able to create their own content on topics of their "
                    "choice. We will ask for feedback at the end of the programme."
                ),
                "Reaching young people who are often left out": (
                    "The programme is open to all young people aged 14 to 25. We will advertise "
                    "on TikTok and Instagram to reach as many young people as possible."
                ),
                "Keeping young people safe and welcome": (
                    "All our trainers are DBS checked. Young people will be reminded to stay "
                    "safe online."
                ),
                "Delivery plan, staffing and partnerships": (
                    "We will deliver three 12-week programmes a year from our training suite, "
                    "led by our experienced trainers. We work with many brands and businesses "
                    "who may offer opportunities to our learners."
                ),
                "Safeguarding policy and police checks in place": (
                    "Yes. We have a safeguarding policy, reviewed in 2024; our trainers have DBS "
                    "checks."
                ),
                "Insurance": "Yes. Employer's and public liability insurance are in place.",
            },
        },
    ],
}
