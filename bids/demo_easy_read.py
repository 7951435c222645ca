"""Easy-read summaries of the demo's bids (bids/demo_bids.py), by title: what an officer would add
as reading help (ReadingHelp, kind easy_read) for a panellist of eleven or so. Short sentences,
everyday words, and impartial: each says what the bid offers, never whether it is good."""

EASY_READ = {
    # Lot 1: Working with parents
    "Talking Teens at Home": (
        "Three local groups work together on this bid. "
        "They want to help parents get on better with their teenagers. "
        "There will be evening classes, home visits and groups where parents help each other. "
        "Young people help plan and run the classes. "
        "It is for families in Harbourside, Eastfield and Saltings. "
        "They ask for £438,600."
    ),
    "Parents in the Loop": (
        "A counselling service wants to run a course for parents. "
        "The course lasts 10 weeks. "
        "You can go to a community centre or join online. "
        "Parents learn about teenage mental health. "
        "They learn how to talk when things get tense, and where to find help. "
        "They ask for £291,850."
    ),
    "Family Link Workers": (
        "A youth and family charity wants three family workers. "
        "The workers help families where a young person might leave home or drop out of school. "
        "Each family gets help for up to six months. "
        "The young person and their parents make a plan together. "
        "It is for families in Northgate and Kingsmoor. "
        "They ask for £449,000."
    ),
    "Parenting Teens Programme": (
        "A company wants to run its course for parents of teenagers. "
        "It says the course has worked before. "
        "It says parents will feel more sure of how to help their young people. "
        "It would run across Brightwater. "
        "They ask for £420,000."
    ),
    # Lot 2: A place for young people to go
    "The Station: a youth space run with young people": (
        "A youth charity wants to open a youth space in the Old Fire Station on Quay Street. "
        "It would be open five evenings a week and on Saturday afternoons. "
        "Young people helped plan it. "
        "A group of young people, chosen by young people, would decide what happens there. "
        "Ideas include music, cooking, health advice and help to find work. "
        "They ask for £642,500."
    ),
    "Three Doors: youth nights in three neighbourhoods": (
        "Three local groups want to run youth nights in three places. "
        "The idea is that young people have somewhere to go near home. "
        "Kingsmoor would have sport. "
        "Saltings would have arts. "
        "Eastfield would have games and a place to chill out. "
        "They ask for £615,000."
    ),
    "Skyline Youth Hub": (
        "A sports club wants to open a youth hub at Northgate Leisure Centre. "
        "It would be open three evenings a week. "
        "There would be free sport, a games room and a youth worker to talk to. "
        "Young people could use the gym and pool for free at those times. "
        "They ask for £560,000."
    ),
    "The Chill Space": (
        "A company wants to make a new space for young people in Brightwater. "
        "It says young people could relax and meet friends there. "
        "It says the space would be open to everyone. "
        "They ask for £650,000."
    ),
    # Lot 3: Newshounds: a young people's media group
    "Brightwater Newshounds": (
        "A media group wants young people to run their own newsroom. "
        "It would be at Harbourside Library. "
        "Young people would make a news show each month and a podcast each week. "
        "They would also make posts for social media. "
        "Journalists and film-makers would train them. "
        "Local news partners would share their best work. "
        "They ask for £312,400."
    ),
    "Youth Voice on Air": (
        "A community radio station wants young people to make a radio show. "
        "The show would go out once a week, and as a podcast. "
        "It would be made at their studio in Millbrook. "
        "Young people would learn to present, to interview people and to edit sound. "
        "They ask for £264,000."
    ),
    "Youth Content Creators": (
        "A company wants to teach young people to make videos and posts online. "
        "It says this would help them get jobs in the future. "
        "They ask for £290,000."
    ),
}
